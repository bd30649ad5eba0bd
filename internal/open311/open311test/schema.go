// Package open311test checks Open311 answers against the GeoReport v2 JSON
// Schemas of the Open311 project (schema/, copied from its
// schema-validation repository) with a small validator of the keywords
// those schemas use: type, required, properties, items, $ref, anyOf, enum,
// maxLength and the formats date-time and uri.
package open311test

import (
	"embed"
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"
)

//go:embed schema/*.json
var files embed.FS

// Validate checks the JSON document doc against the named schema
// ("services.json", "service-definition.json", "requests.json" …) and
// returns every violation, with its JSON path.
func Validate(schema string, doc []byte) []string {
	var v any
	dec := json.NewDecoder(strings.NewReader(string(doc)))
	dec.UseNumber()
	if err := dec.Decode(&v); err != nil {
		return []string{"not JSON: " + err.Error()}
	}
	s, err := load(schema)
	if err != nil {
		return []string{err.Error()}
	}
	var out []string
	check(s, v, "$", &out)
	return out
}

func load(name string) (map[string]any, error) {
	b, err := files.ReadFile("schema/" + name)
	if err != nil {
		return nil, fmt.Errorf("schema %s: %w", name, err)
	}
	var s map[string]any
	if err := json.Unmarshal(b, &s); err != nil {
		return nil, fmt.Errorf("schema %s: %w", name, err)
	}
	return s, nil
}

func check(s map[string]any, v any, path string, out *[]string) {
	fail := func(format string, args ...any) { *out = append(*out, path+": "+fmt.Sprintf(format, args...)) }
	if ref, ok := s["$ref"].(string); ok {
		rs, err := load(ref)
		if err != nil {
			fail("%v", err)
			return
		}
		check(rs, v, path, out)
	}
	if alts, ok := s["anyOf"].([]any); ok {
		matched := false
		var all []string
		for _, alt := range alts {
			var errs []string
			check(alt.(map[string]any), v, path, &errs)
			if len(errs) == 0 {
				matched = true
				break
			}
			all = append(all, errs...)
		}
		if !matched {
			fail("matches none of anyOf: %s", strings.Join(all, "; "))
		}
	}
	if t, ok := s["type"].(string); ok && !isType(t, v) {
		fail("want %s, got %T (%v)", t, v, v)
		return
	}
	if enum, ok := s["enum"].([]any); ok {
		found := false
		for _, e := range enum {
			if fmt.Sprint(e) == fmt.Sprint(v) {
				found = true
			}
		}
		if !found {
			fail("%v is not one of %v", v, enum)
		}
	}
	if str, ok := v.(string); ok {
		if m, ok := s["maxLength"].(float64); ok && utf8.RuneCountInString(str) > int(m) {
			fail("longer than %v", m)
		}
		switch s["format"] {
		case "date-time":
			if _, err := time.Parse(time.RFC3339, str); err != nil {
				fail("not a date-time: %q", str)
			}
		case "uri":
			if u, err := url.Parse(str); err != nil || u.Scheme == "" {
				fail("not a uri: %q", str)
			}
		}
	}
	obj, ok := v.(map[string]any)
	if _, hasReq := s["required"]; hasReq && !ok {
		fail("want an object, got %T", v)
	}
	if ok {
		if req, ok := s["required"].([]any); ok {
			for _, r := range req {
				if _, ok := obj[r.(string)]; !ok {
					fail("missing required %s", r)
				}
			}
		}
		if props, ok := s["properties"].(map[string]any); ok {
			for k, ps := range props {
				if x, ok := obj[k]; ok {
					check(ps.(map[string]any), x, path+"."+k, out)
				}
			}
		}
	}
	if arr, ok := v.([]any); ok {
		if items, ok := s["items"].(map[string]any); ok {
			for i, x := range arr {
				check(items, x, fmt.Sprintf("%s[%d]", path, i), out)
			}
		}
	}
}

func isType(t string, v any) bool {
	switch t {
	case "null":
		return v == nil
	case "string":
		_, ok := v.(string)
		return ok
	case "boolean":
		_, ok := v.(bool)
		return ok
	case "number":
		_, ok := v.(json.Number)
		return ok
	case "integer":
		n, ok := v.(json.Number)
		if !ok {
			return false
		}
		_, err := n.Int64()
		return err == nil
	case "array":
		_, ok := v.([]any)
		return ok
	case "object":
		_, ok := v.(map[string]any)
		return ok
	}
	return false
}
