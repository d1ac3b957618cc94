package scenarios

import "gopkg.in/yaml.v3"

// KeyLines reads the line of each channel and group key of a scenario
// file, by key path: "channels" and "groups", and "channels.NAME" and
// "groups.NAME" below them, for messages that point into the file (CI
// annotations). It is best effort: a file that cannot be read or parsed
// gives no lines, never an error; Load reports its problems.
func KeyLines(path string) map[string]int {
	lines := map[string]int{}
	data, err := readLimited(path, maxFileBytes)
	if err != nil {
		return lines
	}
	var doc yaml.Node
	if yaml.Unmarshal(data, &doc) != nil || len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode {
		return lines
	}
	top := doc.Content[0].Content
	for i := 0; i+1 < len(top); i += 2 {
		key, val := top[i], top[i+1]
		if key.Value != "channels" && key.Value != "groups" {
			continue
		}
		lines[key.Value] = key.Line
		if val.Kind != yaml.MappingNode {
			continue
		}
		for j := 0; j+1 < len(val.Content); j += 2 {
			lines[join(key.Value, val.Content[j].Value)] = val.Content[j].Line
		}
	}
	return lines
}
