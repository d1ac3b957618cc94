package erlang

import (
	"math"
	"testing"
)

var sink float64

// BenchmarkC10000 is Erlang C at 10,000 agents at three loads.
func BenchmarkC10000(b *testing.B) {
	for _, rho := range []struct {
		name string
		v    float64
	}{{"80%", 0.8}, {"95%", 0.95}, {"99.9%", 0.999}} {
		b.Run(rho.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				c, _ := C(10000, rho.v*10000)
				sink += c
			}
		})
	}
}

// BenchmarkB1e6 is Erlang B at a million agents, 99.9% load.
func BenchmarkB1e6(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		v, _ := B(1e6, 999000)
		sink += v
	}
}

// dayLoads returns 96 quarter-hour loads for four channels with an 11:00
// peak (phone), a 11:00-15:00 peak (chat), and flatter email and
// messaging; peak loads 60, 25, 15 and 8 Erlangs.
func dayLoads() [4][96]float64 {
	var l [4][96]float64
	peaks := [4]float64{60, 25, 15, 8}
	for i := range 96 {
		h := float64(i) / 4
		phone := math.Exp(-(h - 11) * (h - 11) / 18)
		chat := math.Exp(-(h - 13) * (h - 13) / 12)
		flat := 0.2 + 0.8*math.Exp(-(h-12)*(h-12)/40)
		for c, shape := range [4]float64{phone, chat, flat, flat} {
			l[c][i] = math.Max(0.05, peaks[c]*shape)
		}
	}
	return l
}

// benchStaffDay staffs every interval of the day's loads to tg, each
// channel with its mean handle time (240, 600, 300 and 180 seconds), with
// the model queue makes for a load and a handle time.
func benchStaffDay(b *testing.B, tg Targets, queue func(load, aht float64) Queue) {
	loads := dayLoads()
	aht := [4]float64{240, 600, 300, 180}
	b.ReportAllocs()
	for b.Loop() {
		total := 0
		for c := range 4 {
			for i := range 96 {
				s, err := Staff(queue(loads[c][i], aht[c]), tg)
				if err != nil {
					b.Fatal(err)
				}
				total += s.Agents
			}
		}
		sink += float64(total)
	}
}

// BenchmarkStaffDay staffs a day of 96 intervals x 4 channels with Erlang
// C to 80% in 20 s.
func BenchmarkStaffDay(b *testing.B) {
	benchStaffDay(b, Targets{ServiceLevel: 0.8, Threshold: 20}, func(load, aht float64) Queue { return CQueue{Load: load, AHT: aht} })
}

// BenchmarkStaffDayA is the same day with Erlang A (patience 3 minutes).
func BenchmarkStaffDayA(b *testing.B) {
	benchStaffDay(b, Targets{ServiceLevel: 0.8, Threshold: 20}, func(load, aht float64) Queue {
		return AQueue{Load: load, AHT: aht, Patience: 180}
	})
}

// BenchmarkAMetrics evaluates Erlang A once at the worked example.
func BenchmarkAMetrics(b *testing.B) {
	q := AQueue{Agents: 50, Load: 48, AHT: 240, Patience: 180}
	b.ReportAllocs()
	for b.Loop() {
		m, _ := q.Metrics(20, OverOffered)
		sink += m.ServiceLevel
	}
}

// BenchmarkC100000 is Erlang C at 100,000 agents, 99% load.
func BenchmarkC100000(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		c, _ := C(100000, 99000)
		sink += c
	}
}

// BenchmarkAOneFigure asks Erlang A for one figure at the worked example:
// each method computes only what its figure needs.
func BenchmarkAOneFigure(b *testing.B) {
	q := AQueue{Agents: 50, Load: 48, AHT: 240, Patience: 180}
	for _, c := range []struct {
		name string
		f    func() (float64, error)
	}{
		{"PWait", q.PWait},
		{"ServiceLevel", func() (float64, error) { return q.ServiceLevel(20, OverOffered) }},
		{"ASA", q.ASA},
	} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				v, _ := c.f()
				sink += v
			}
		})
	}
}

// BenchmarkXMetrics evaluates Erlang X at its worked example (60 lines,
// half of the lost callers redialling).
func BenchmarkXMetrics(b *testing.B) {
	q := XQueue{Agents: 50, Lines: 60, Load: 48, AHT: 240, Patience: 180,
		RedialShare: 0.5, RedialDelay: 600, Interval: 1800}
	b.ReportAllocs()
	for b.Loop() {
		m, _ := q.Metrics(20, OverOffered)
		sink += m.ServiceLevel
	}
}

// BenchmarkChatMetrics evaluates the chat model at its worked example.
func BenchmarkChatMetrics(b *testing.B) {
	q := ChatQueue{Agents: 16, Concurrency: 3, Slowdown: 0.25, Load: 30, AHT: 600, Patience: 300}
	b.ReportAllocs()
	for b.Loop() {
		m, _ := q.Metrics(60, OverOffered)
		sink += m.ServiceLevel
	}
}

// BenchmarkStaffDayChat staffs the day's loads with the chat model (3
// chats per agent, slowdown 0.25, patience 5 minutes) to 80% in 60 s.
func BenchmarkStaffDayChat(b *testing.B) {
	benchStaffDay(b, Targets{ServiceLevel: 0.8, Threshold: 60}, func(load, _ float64) Queue {
		return ChatQueue{Concurrency: 3, Slowdown: 0.25, Load: load, AHT: 600, Patience: 300}
	})
}

// BenchmarkStaffDayX staffs the day with Erlang X (patience 3 minutes,
// unlimited lines, half of the abandoned callers redialling after 5
// minutes within the quarter-hour).
func BenchmarkStaffDayX(b *testing.B) {
	benchStaffDay(b, Targets{ServiceLevel: 0.8, Threshold: 20}, func(load, aht float64) Queue {
		return XQueue{Load: load, AHT: aht, Patience: 180, RedialShare: 0.5, RedialDelay: 300, Interval: 900}
	})
}
