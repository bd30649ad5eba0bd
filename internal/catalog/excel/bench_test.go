package excel

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/onewindow/onewindow/internal/catalog"
)

// BenchmarkRoundTrip exports and imports a county-sized catalog (2,000
// fully filled items, about 60,000 rows over all sheets).
func BenchmarkRoundTrip(b *testing.B) {
	docs := make([]catalog.Doc, 2000)
	for i := range docs {
		docs[i] = fullDoc(fmt.Sprintf("11533401MB%06d", i))
		if err := docs[i].Validate(); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportAllocs()
	for b.Loop() {
		var buf bytes.Buffer
		if err := Export(&buf, docs); err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(buf.Len())/1e6, "MB")
		got, _, err := Import(&buf)
		if err != nil || len(got) != len(docs) {
			b.Fatalf("%d docs: %v", len(got), err)
		}
	}
}
