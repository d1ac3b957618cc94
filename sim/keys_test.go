package sim

import (
	"strconv"
	"testing"
)

// TestMetricKeys: every metric's key finds the metric again, an unknown
// key finds none, and a number outside the list still prints.
func TestMetricKeys(t *testing.T) {
	for m := range Metric(NumMetrics) {
		if got, ok := MetricByKey(m.Key()); !ok || got != m {
			t.Errorf("%q: %v, %v", m.Key(), got, ok)
		}
	}
	for m := range GroupMetric(NumGroupMetrics) {
		if got, ok := GroupMetricByKey(m.Key()); !ok || got != m {
			t.Errorf("%q: %v, %v", m.Key(), got, ok)
		}
	}
	if _, ok := MetricByKey("no_such_metric"); ok {
		t.Error("an unknown metric key was found")
	}
	if _, ok := GroupMetricByKey("no_such_metric"); ok {
		t.Error("an unknown group metric key was found")
	}
	if got := Metric(NumMetrics).Key(); got != "metric_"+strconv.Itoa(NumMetrics) {
		t.Errorf("metric past the list: %q", got)
	}
	if got := GroupMetric(-1).Key(); got != "group_metric_-1" {
		t.Errorf("group metric -1: %q", got)
	}
}
