// Package files keeps the documents applicants upload as case materials
// (申请材料): PDF, JPEG, PNG and OFD (GB/T 33190 版式文档). The type is
// sniffed from the content, never taken from the name or the client's
// claim; a claim that disagrees with the content is refused. Files are
// stored whole in the database, so any node serves any download.
//
// Who may download a file is decided by the caller: the uploader owns it,
// and the cases decide which staff may see the files of a case. The cases
// store attaches a file to a case (files.case_id) in its own transaction.
package files

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"path"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/emmansun/gmsm/sm3"

	"github.com/onewindow/onewindow/internal/access"
	"github.com/onewindow/onewindow/internal/audit"
	"github.com/onewindow/onewindow/internal/errs"
)

// The content types a file may have.
const (
	PDF  = "application/pdf"
	JPEG = "image/jpeg"
	PNG  = "image/png"
	OFD  = "application/ofd"
)

// DefaultMaxSize is the largest file accepted unless Service.MaxSize says otherwise.
const DefaultMaxSize = 20 << 20

// MaxNameRunes is the longest file name kept; longer names are shortened,
// keeping the extension.
const MaxNameRunes = 100

// File is an uploaded file's metadata.
type File struct {
	ID          string    `json:"id" doc:"32 位十六进制随机编号"`
	OwnerID     int64     `json:"owner_id" doc:"上传者的账号编号"`
	CaseID      int64     `json:"case_id" doc:"所附办件的编号；0 表示尚未提交到办件"`
	Name        string    `json:"name" doc:"文件名（已去除路径和控制字符）"`
	ContentType string    `json:"content_type" enum:"application/pdf,image/jpeg,image/png,application/ofd" doc:"按文件内容识别的类型"`
	Size        int64     `json:"size" doc:"字节数"`
	SM3         string    `json:"sm3" doc:"内容的 SM3 摘要（十六进制）"`
	CreatedAt   time.Time `json:"created_at"`
}

// OwnedBy reports whether p uploaded f.
func (f File) OwnedBy(p *access.Principal) bool {
	return p != nil && f.OwnerID != 0 && p.AccountID == f.OwnerID
}

// Store keeps files with their content.
type Store interface {
	// PutFile inserts f with its content and writes evs in the same
	// transaction. errs.Conflict when the id exists or the owner does not.
	PutFile(ctx context.Context, f File, data []byte, evs ...audit.Event) error
	// File returns a file's metadata. errs.NotFound.
	File(ctx context.Context, id string) (File, error)
	// FileData returns a file's metadata and content. errs.NotFound.
	FileData(ctx context.Context, id string) (File, []byte, error)
}

// Service accepts uploads and hands files back.
type Service struct {
	store Store
	// MaxSize is the largest file accepted, in bytes.
	MaxSize int64
	now     func() time.Time
}

// NewService returns a service accepting files up to DefaultMaxSize; now
// may be nil for time.Now.
func NewService(store Store, now func() time.Time) *Service {
	if now == nil {
		now = time.Now
	}
	return &Service{store: store, MaxSize: DefaultMaxSize, now: now}
}

// Upload stores the content read from r as a file of p. name is the
// client's file name (sanitized; its extension need not match) and
// claimedType the type the client states ("" for none; a MIME type or
// pdf, jpeg, png, ofd). Errors: Unauthorized without p; TooLarge beyond
// MaxSize; Invalid (field file) for an empty file or a type not accepted;
// Malformed (field type) when the content disagrees with claimedType.
func (s *Service) Upload(ctx context.Context, p *access.Principal, name, claimedType string, r io.Reader) (File, error) {
	if p == nil {
		return File{}, errs.E(errs.Unauthorized, "请先登录")
	}
	data, err := io.ReadAll(io.LimitReader(r, s.MaxSize+1))
	if err != nil {
		return File{}, errs.Wrap(err, errs.Malformed, "上传的文件读取失败，请重新上传")
	}
	if int64(len(data)) > s.MaxSize {
		return File{}, errs.E(errs.TooLarge, "文件不能超过 %s", SizeText(s.MaxSize))
	}
	if len(data) == 0 {
		return File{}, errs.Field("file", "上传的文件是空的")
	}
	typ, err := Detect(data)
	if err != nil {
		return File{}, err
	}
	if err := CheckClaim(typ, claimedType); err != nil {
		return File{}, err
	}
	id, err := newID()
	if err != nil {
		return File{}, err
	}
	sum := sm3.Sum(data)
	f := File{
		ID: id, OwnerID: p.AccountID, Name: CleanName(name, typ), ContentType: typ,
		Size: int64(len(data)), SM3: hex.EncodeToString(sum[:]), CreatedAt: s.now().UTC().Truncate(time.Millisecond),
	}
	ev := audit.New(ctx, "file.upload", "file", f.ID, nil, map[string]any{
		"name": f.Name, "content_type": f.ContentType, "size": f.Size, "sm3": f.SM3,
	}, "")
	if err := s.store.PutFile(ctx, f, data, ev); err != nil {
		return File{}, err
	}
	return f, nil
}

// Get returns a file's metadata. errs.NotFound.
func (s *Service) Get(ctx context.Context, id string) (File, error) {
	if !ValidID(id) {
		return File{}, notFound()
	}
	return s.store.File(ctx, id)
}

// Open returns a file's metadata and content. errs.NotFound.
func (s *Service) Open(ctx context.Context, id string) (File, []byte, error) {
	if !ValidID(id) {
		return File{}, nil, notFound()
	}
	return s.store.FileData(ctx, id)
}

func notFound() error { return errs.E(errs.NotFound, "文件不存在") }

// ValidID reports whether id has the form of a file id: 32 lower-case hex
// characters.
func ValidID(id string) bool {
	if len(id) != 32 {
		return false
	}
	for i := range len(id) {
		if c := id[i]; (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}

func newID() (string, error) {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", errs.Wrap(err, errs.Internal, "无法生成文件编号")
	}
	return hex.EncodeToString(b[:]), nil
}

// SizeText writes a byte count as people read it: 20 MB, 512 KB.
func SizeText(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MB", n>>20)
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%d KB", n>>10)
	}
	return fmt.Sprintf("%d 字节", n)
}

// CleanName makes a client's file name safe to store and show: the base
// name only (either slash), without control or formatting characters (a
// right-to-left override could disguise an extension), at most
// MaxNameRunes. An empty result becomes 未命名 with the extension of typ.
func CleanName(name, typ string) string {
	name = strings.ToValidUTF8(name, "")
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	name = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || unicode.Is(unicode.Cf, r) {
			return -1
		}
		return r
	}, name)
	name = strings.TrimSpace(name)
	if strings.Trim(name, ".") == "" {
		return "未命名" + Extension(typ)
	}
	if utf8.RuneCountInString(name) <= MaxNameRunes {
		return name
	}
	ext := path.Ext(name)
	if n := utf8.RuneCountInString(ext); n == 0 || n > 10 {
		ext = ""
	}
	stem := []rune(strings.TrimSuffix(name, ext))
	return strings.TrimSpace(string(stem[:MaxNameRunes-utf8.RuneCountInString(ext)])) + ext
}

// Extension is the usual file extension of a content type, with its dot.
func Extension(typ string) string {
	switch typ {
	case PDF:
		return ".pdf"
	case JPEG:
		return ".jpg"
	case PNG:
		return ".png"
	case OFD:
		return ".ofd"
	}
	return ""
}

// Label is the Chinese name of a content type, as messages show it.
func Label(typ string) string {
	switch typ {
	case PDF:
		return "PDF 文档"
	case JPEG:
		return "JPEG 图片"
	case PNG:
		return "PNG 图片"
	case OFD:
		return "OFD 文档"
	}
	return typ
}

var zipMagic = []byte("PK\x03\x04")

// Sniff returns the accepted content type of data by its content: PDF,
// JPEG and PNG by their signatures; OFD when data is a ZIP archive whose
// central directory lists OFD.xml at its root. data must be the whole
// content, since a ZIP's directory is at its end.
func Sniff(data []byte) (contentType string, ok bool) {
	switch {
	case bytes.HasPrefix(data, []byte("%PDF-")):
		return PDF, true
	case bytes.HasPrefix(data, []byte{0xFF, 0xD8, 0xFF}):
		return JPEG, true
	case bytes.HasPrefix(data, []byte{0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A}):
		return PNG, true
	case bytes.HasPrefix(data, zipMagic) && hasZipEntry(data, "OFD.xml"):
		return OFD, true
	}
	return "", false
}

// Detect is Sniff with an errs.Invalid (field file) for content of any
// other type, saying what it seems to be.
func Detect(data []byte) (string, error) {
	if typ, ok := Sniff(data); ok {
		return typ, nil
	}
	const msg = "只能上传 PDF、JPEG、PNG 或 OFD 文件，"
	if what := lookalike(data); what != "" {
		return "", errs.Field("file", msg+"此文件是%s", what)
	}
	return "", errs.Field("file", msg+"无法识别此文件的格式")
}

func hasZipEntry(data []byte, name string) bool {
	zr, ok := openZip(data)
	if !ok {
		return false
	}
	for _, f := range zr.File {
		if f.Name == name {
			return true
		}
	}
	return false
}

// lookalike names common types people upload by mistake, with a hint.
func lookalike(data []byte) string {
	has := func(s string) bool { return bytes.HasPrefix(data, []byte(s)) }
	switch {
	case has("PK\x03\x04") || has("PK\x05\x06"):
		return zipKind(data)
	case has("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1"):
		return " Word/Excel 97-2003 文档，请另存为 PDF 后上传"
	case has("GIF87a") || has("GIF89a"):
		return " GIF 图片"
	case has("BM") && len(data) >= 18 && data[15] == 0 && data[16] == 0 && data[17] == 0:
		return " BMP 图片"
	case has("RIFF") && len(data) >= 12 && string(data[8:12]) == "WEBP":
		return " WebP 图片"
	case has("II*\x00") || has("MM\x00*"):
		return " TIFF 图片"
	case len(data) >= 12 && string(data[4:8]) == "ftyp" && strings.Contains("heic heix mif1 msf1 hevc", string(data[8:12])):
		return " HEIC 图片（苹果手机照片），请在手机上转换为 JPEG 后上传"
	case has("Rar!") || has("7z\xBC\xAF\x27\x1C"):
		return "压缩包，请直接上传其中的文件"
	case utf8.Valid(data) && !bytes.ContainsRune(data, 0):
		return "文本文件"
	}
	return ""
}

// openZip reads a ZIP archive's directory (an entry with an insecure
// path does not matter here: nothing is extracted).
func openZip(data []byte) (*zip.Reader, bool) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil && !errors.Is(err, zip.ErrInsecurePath) {
		return nil, false
	}
	return zr, true
}

func zipKind(data []byte) string {
	zr, ok := openZip(data)
	if !ok {
		return " ZIP 压缩包（已损坏或不完整）"
	}
	for _, f := range zr.File {
		switch {
		case strings.HasPrefix(f.Name, "word/"):
			return " Word 文档，请另存为 PDF 后上传"
		case strings.HasPrefix(f.Name, "xl/"):
			return " Excel 表格，请另存为 PDF 后上传"
		case strings.HasPrefix(f.Name, "ppt/"):
			return " PowerPoint 演示文稿，请另存为 PDF 后上传"
		}
	}
	return " ZIP 压缩包（不是 OFD 文件），请直接上传其中的文件"
}

// CheckClaim refuses a stated type that disagrees with the sniffed typ:
// errs.Malformed naming the field type. claimed may be a MIME type
// (parameters ignored; common aliases such as image/jpg accepted) or one
// of pdf, jpeg, jpg, png, ofd. "" and application/octet-stream state
// nothing; a ZIP type agrees with OFD, which is a ZIP archive.
func CheckClaim(typ, claimed string) error {
	c := strings.ToLower(strings.TrimSpace(claimed))
	if i := strings.IndexByte(c, ';'); i >= 0 {
		c = strings.TrimSpace(c[:i])
	}
	want, label := c, strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return -1
		}
		return r
	}, c)
	switch c {
	case "", "application/octet-stream", "binary/octet-stream", "application/unknown":
		return nil
	case "pdf", PDF, "application/x-pdf", "application/acrobat":
		want, label = PDF, "PDF"
	case "jpeg", "jpg", JPEG, "image/jpg", "image/pjpeg":
		want, label = JPEG, "JPEG"
	case "png", PNG, "image/x-png":
		want, label = PNG, "PNG"
	case "ofd", OFD, "application/x-ofd", "application/vnd.ofd":
		want, label = OFD, "OFD"
	case "application/zip", "application/x-zip-compressed", "application/x-zip":
		want, label = OFD, "ZIP"
	}
	if want == typ {
		return nil
	}
	if utf8.RuneCountInString(label) > 60 {
		label = string([]rune(label)[:60]) + "…"
	}
	return &errs.Error{Code: errs.Malformed, Field: "type",
		Message: fmt.Sprintf("文件内容是 %s，与声明的类型 %s 不符", Label(typ), label)}
}
