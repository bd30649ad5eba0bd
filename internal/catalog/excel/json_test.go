package excel

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/onewindow/onewindow/internal/errs"
)

func TestJSONRoundTrip(t *testing.T) {
	want := validDocs(t, fullDoc("11533401MB0001-01"), instantDoc("11530000SS0001"))
	var buf bytes.Buffer
	if err := ExportJSON(&buf, want); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(buf.String(), "{\n  \"version\": 1,\n  \"items\": [") || !strings.Contains(buf.String(), "食品经营许可") {
		t.Errorf("export starts %.80q", buf.String())
	}
	got, rep, err := ImportJSON(&buf)
	if err != nil || rep.Items != 2 || !reflect.DeepEqual(got, want) {
		t.Fatalf("err=%v rep=%+v equal=%v", err, rep, reflect.DeepEqual(got, want))
	}
	buf.Reset()
	if err := ExportJSON(&buf, nil); err != nil || !strings.Contains(buf.String(), `"items": []`) {
		t.Errorf("empty export %q: %v", buf.String(), err)
	}
}

func TestJSONProblems(t *testing.T) {
	docs := validDocs(t, fullDoc("11533401MB0001-01"), instantDoc("11530000SS0001"), fullDoc("11533401MB0001-02"))
	docs[1].Materials[0].Name = " "
	docs[2].Code = docs[0].Code
	data, _ := json.Marshal(jsonFile{Version: 1, Items: docs})
	got, rep, err := ImportJSON(bytes.NewReader(data))
	if !errs.Is(err, errs.Invalid) || got != nil || rep == nil || len(rep.Problems) != 2 {
		t.Fatalf("got=%d rep=%+v err=%v", len(got), rep, err)
	}
	if p := rep.Problems[0]; p.Row != 2 || p.Column != "materials[0].name" || p.String() != "第 2 项 materials[0].name：此项为必填项" {
		t.Errorf("problem = %+v (%s)", p, p)
	}
	if p := rep.Problems[1]; p.Row != 3 || p.Column != "code" || !strings.Contains(p.Reason, "与第 1 项重复") {
		t.Errorf("problem = %+v", p)
	}
}

func TestJSONMalformed(t *testing.T) {
	for name, in := range map[string]string{
		"syntax":  `{"version":1,"items":[`,
		"type":    `{"version":1,"items":[{"legal_days":"十五"}]}`,
		"unknown": `{"version":1,"items":[{"legal_dayz":15}]}`,
		"version": `{"version":2,"items":[]}`,
		"none":    `{"items":[]}`,
		"trailer": `{"version":1,"items":[]} {}`,
		"empty":   ``,
	} {
		docs, rep, err := ImportJSON(strings.NewReader(in))
		if !errs.Is(err, errs.Malformed) || docs != nil || rep != nil {
			t.Errorf("%s: docs=%v rep=%v err=%v", name, docs, rep, err)
		}
	}
	_, _, err := ImportJSON(strings.NewReader(`{"version":1,"items":[{"legal_dayz":15}]}`))
	if !strings.Contains(err.Error(), "legal_dayz") {
		t.Errorf("unknown field not named: %v", err)
	}
	big := `{"version":1,"items":[` + strings.Repeat(`{},`, MaxItems) + `{}]}`
	if _, _, err := ImportJSON(strings.NewReader(big)); !errs.Is(err, errs.TooLarge) {
		t.Errorf("too many items: %v", err)
	}
}
