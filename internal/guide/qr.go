package guide

import (
	qrcode "github.com/skip2/go-qrcode"

	"github.com/onewindow/onewindow/internal/errs"
)

// QR returns a PNG QR code of size×size pixels that opens url. Medium
// error correction survives the creases and smudges of a printed guide.
func QR(url string, size int) ([]byte, error) {
	if size < 64 || size > 2048 {
		return nil, errs.Field("size", "二维码尺寸应在 64 到 2048 像素之间")
	}
	return qrPNG(url, size)
}

// qrPNG encodes url; a negative size gives whole pixels per module
// (crisp when a PDF scales it).
func qrPNG(url string, size int) ([]byte, error) {
	if url == "" {
		return nil, errs.Field("url", "二维码缺少链接地址")
	}
	q, err := qrcode.New(url, qrcode.Medium)
	if err != nil {
		return nil, errs.Wrap(err, errs.Invalid, "链接地址过长，无法生成二维码")
	}
	return q.PNG(size)
}
