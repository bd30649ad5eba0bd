package guide

import (
	"io"
	"testing"
)

// BenchmarkPDF measures one guide: most of the time and memory goes to
// parsing the two fonts, which gopdf does per document.
func BenchmarkPDF(b *testing.B) {
	needFont(b)
	it := fullItem(b)
	b.ReportAllocs()
	for b.Loop() {
		if err := PDF(io.Discard, it, "迪庆州市场监督管理局", "https://zwfw.example.gov.cn/items/"+it.Code, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}
