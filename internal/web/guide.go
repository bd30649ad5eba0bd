package web

import (
	"bytes"
	"context"
	"encoding/base64"
	"html/template"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/onewindow/onewindow/internal/access"
	"github.com/onewindow/onewindow/internal/catalog"
	"github.com/onewindow/onewindow/internal/gov"
	"github.com/onewindow/onewindow/internal/guide"
	"github.com/onewindow/onewindow/internal/httpx"
)

func init() { addEnglish(govMissingEnglish(guideEnglish)) }

// GuideNames names what a guide shows by id or code: the implementing
// department and the item's region. The structure store
// (sqlstore.GovStore) answers both; the names are public, so no
// principal is involved.
type GuideNames interface {
	Dept(ctx context.Context, id int64) (gov.Dept, error)
	Region(ctx context.Context, code string) (gov.Region, error)
}

// guidePages serve an item's guide (办事指南) to the public: the page, the
// printable PDF and the QR code that opens the page.
type guidePages struct {
	w     *Web
	svc   *catalog.Service
	names GuideNames
	pdf   guide.Options // font paths; Region and Now are set per request
}

// AddGuide registers the public guide routes: GET /items/{code} (the
// page), /items/{code}/guide.pdf and /items/{code}/qr.png. Only items
// published and in force are shown; anything else is a 404 page. fonts
// may be zero for the Debian font paths.
//
// The QR code and the PDF carry the page's absolute address, built from
// the request's Host header and scheme (TLS, or X-Forwarded-Proto:
// https). Behind a reverse proxy, pass the original Host and set
// X-Forwarded-Proto, or printed guides will point at the wrong address.
func (w *Web) AddGuide(svc *catalog.Service, names GuideNames, fonts guide.Options) {
	g := &guidePages{w: w, svc: svc, names: names, pdf: fonts}
	w.handle("GET", "/items/{code}", access.Public, g.page)
	w.handle("GET", "/items/{code}/guide.pdf", access.Public, g.file)
	w.handle("GET", "/items/{code}/qr.png", access.Public, g.qr)
}

// guideData is what guide.html shows.
type guideData struct {
	guide.Guide
	QR                       template.URL // data: URL of the QR code (one request less, and no second view counted)
	PDF                      string
	Apply                    string // where 在线办理 leads (login first; applying comes with cases)
	URL                      string // the page's absolute address, as the QR code holds it
	ConsultTel, ComplaintTel template.URL
}

// tel is a tel: link for a validated phone number ("" for none).
func tel(phone string) template.URL {
	n := strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' || r == '-' {
			return r
		}
		return -1
	}, phone)
	if n == "" {
		return ""
	}
	return template.URL("tel:" + n)
}

// load returns the public item (counting the view) with the names of
// its department and region.
func (g *guidePages) load(r *http.Request) (it catalog.Item, dept, region string, err error) {
	it, err = g.svc.Public(r.Context(), r.PathValue("code"))
	if err != nil {
		return catalog.Item{}, "", "", err
	}
	dept, region = g.resolve(r.Context(), it.Doc)
	return it, dept, region, nil
}

// resolve looks up the department's and region's names; a lookup that
// fails leaves the code in the guide rather than failing the page.
func (g *guidePages) resolve(ctx context.Context, d catalog.Doc) (dept, region string) {
	if d.DeptID != 0 {
		if x, err := g.names.Dept(ctx, d.DeptID); err == nil {
			dept = x.Name
		} else {
			slog.WarnContext(ctx, "guide: dept name", "dept", d.DeptID, "err", err)
		}
	}
	if x, err := g.names.Region(ctx, d.RegionCode); err == nil {
		region = x.Name
	}
	return dept, region
}

// pageURL is the absolute address of an item's guide page.
func pageURL(r *http.Request, code string) string {
	scheme := "http"
	if httpx.IsHTTPS(r) {
		scheme = "https"
	}
	return scheme + "://" + r.Host + "/items/" + url.PathEscape(code)
}

func (g *guidePages) page(rw http.ResponseWriter, r *http.Request) {
	it, dept, region, err := g.load(r)
	if err != nil {
		g.w.Error(rw, r, err)
		return
	}
	gd := guide.New(it, dept, region)
	abs := pageURL(r, it.Code)
	png, err := guide.QR(abs, 240)
	if err != nil {
		g.w.Error(rw, r, err)
		return
	}
	path := "/items/" + url.PathEscape(it.Code)
	d := guideData{Guide: gd, QR: template.URL("data:image/png;base64," + base64.StdEncoding.EncodeToString(png)),
		PDF: path + "/guide.pdf", Apply: "/login?next=" + urlQueryEscape(path), URL: abs,
		ConsultTel: tel(gd.ConsultPhone), ComplaintTel: tel(gd.ComplaintPhone)}
	g.w.render(rw, r, http.StatusOK, "guide", &Page{Title: gd.Name, Data: d})
}

func (g *guidePages) file(rw http.ResponseWriter, r *http.Request) {
	it, dept, region, err := g.load(r)
	if err != nil {
		g.w.Error(rw, r, err)
		return
	}
	o := g.pdf
	o.Region, o.Now = region, time.Now()
	var buf bytes.Buffer
	if err := guide.PDF(&buf, it, dept, pageURL(r, it.Code), o); err != nil {
		g.w.Error(rw, r, err) // logs the cause (the font file's path)
		return
	}
	h := rw.Header()
	h.Set("Content-Type", "application/pdf")
	h.Set("Content-Disposition", attachment(it.Code+".pdf", it.Doc.Name+" 办事指南.pdf"))
	h.Set("Cache-Control", "no-cache")
	rw.Write(buf.Bytes())
}

func (g *guidePages) qr(rw http.ResponseWriter, r *http.Request) {
	it, err := g.svc.Public(r.Context(), r.PathValue("code"))
	if err != nil {
		g.w.Error(rw, r, err)
		return
	}
	png, err := guide.QR(pageURL(r, it.Code), 360)
	if err != nil {
		g.w.Error(rw, r, err)
		return
	}
	rw.Header().Set("Content-Type", "image/png")
	rw.Header().Set("Cache-Control", "no-cache")
	rw.Write(png)
}

// attachment is a Content-Disposition naming a download: an ASCII name
// for old clients and the Chinese name in RFC 5987 form for the rest.
func attachment(ascii, name string) string {
	name = strings.Map(func(r rune) rune {
		if strings.ContainsRune(`/\:*?"<>|`, r) || r < 0x20 {
			return '_'
		}
		return r
	}, name)
	var b strings.Builder
	for _, c := range []byte(name) {
		if c < 0x80 && (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("!#$&+-.^_`|~", c) >= 0) {
			b.WriteByte(c)
			continue
		}
		b.WriteString("%" + strings.ToUpper(hex2(c)))
	}
	return `attachment; filename="` + ascii + `"; filename*=UTF-8''` + b.String()
}

func hex2(c byte) string {
	const digits = "0123456789abcdef"
	return string([]byte{digits[c>>4], digits[c&15]})
}

// guideEnglish is the English of the guide page, including the labels
// the guide package gives its facts and figures (a test checks them).
// The guide's content itself (names, conditions, materials) is Chinese.
var guideEnglish = map[string]string{
	"政务服务事项办事指南": "Government service guide",
	"办事指南":       "Service guide",
	"办事服务":       "Services",
	"在线办理":       "Apply online",
	"下载 PDF":     "Download PDF",
	"本页二维码":      "QR code of this page",
	"扫码在手机上查看":   "Scan to open on a phone",
	"版本":         "Version",
	"目录":         "Contents",
	"基本信息":       "Basic information",
	"设定依据":       "Legal basis",
	"受理条件":       "Conditions",
	"申请材料":       "Materials",
	"办理流程":       "Procedure",
	"收费标准":       "Fees",
	"特别程序":       "Special procedures",
	"咨询与投诉":      "Enquiries and complaints",
	"常见问题":       "Frequently asked questions",
	"事项名称":       "Item name",
	"事项类型":       "Item kind",
	"基本编码":       "Base code",
	"实施编码":       "Implementation code",
	"上级事项编码":     "Parent item code",
	"办理项":        "Variant",
	"实施主体":       "Implementing department",
	"实施区划":       "Region",
	"行使层级":       "Exercise level",
	"服务对象":       "Who may apply",
	"办件类型":       "Handling",
	"法定办结时限":     "Statutory time limit",
	"承诺办结时限":     "Promised time limit",
	"承诺时限":       "Promised time",
	"到现场次数":      "Visits in person",
	"网办深度":       "Online depth",
	"网上办理":       "Online",
	"办理渠道":       "Channels",
	"通办范围":       "Cross-region handling",
	"是否进驻政务服务中心": "In the service centre",
	"是否收费":       "Fees charged",
	"收费":         "Fees",
	"序号":         "Seq",
	"材料名称":       "Material",
	"材料要求":       "Requirement",
	"材料形式":       "Form",
	"份数":         "Copies",
	"规格":         "Size",
	"说明":         "Notes",
	"会签":         "In parallel",
	"收费项目":       "Fee",
	"收费依据":       "Basis",
	"可否减免":       "Waivable",
	"程序名称":       "Procedure",
	"时限":         "Time limit",
	"咨询电话":       "Enquiry phone",
	"投诉电话":       "Complaint phone",
	"无":          "None",
	"暂无":         "None yet",
	"不收费":        "Free of charge",
	"无需提交申请材料。":  "No materials are required.",
	"无特别条件，符合服务对象范围即可申请。":                 "No special conditions: anyone among those who may apply can apply.",
	"特别程序所需时间不计入办理时限。":                    "Time spent on special procedures does not count towards the time limit.",
	"本事项需到窗口办理，请备齐下列材料。":                  "This item is handled at a service window: bring the materials below.",
	"序号相同的环节由各部门同时办理（会签），全部完成后进入下一环节。":    "Steps with the same number run in parallel; the next stage starts when all are done.",
	"本办事指南依据已发布的事项要素生成；事项要素如有调整，以在线版本为准。": "This guide is generated from the published item; if the item changes, the online version prevails.",
	"“可用电子证照替代”的材料，经申请人授权后由部门通过电子证照库调取，无需再提交；“可以告知承诺替代”的材料，申请人书面承诺后可不提交，由部门事后核查。": "Materials an e-licence can replace are fetched by the department with the applicant's consent and need not be submitted; materials a written pledge can replace need not be submitted and are checked afterwards.",
}
