package web

import (
	"context"
	"encoding/base64"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/onewindow/onewindow/internal/access"
	"github.com/onewindow/onewindow/internal/cases"
	"github.com/onewindow/onewindow/internal/errs"
	"github.com/onewindow/onewindow/internal/guide"
	"github.com/onewindow/onewindow/internal/httpx"
	"github.com/onewindow/onewindow/internal/rating"
	"github.com/onewindow/onewindow/internal/workcal"
)

// Window ratings (窗口评价): the clerk asks the applicant just served for a
// rating from the case page (a QR code for their phone) or on the window's
// tablet; the applicant rates on a public page, without logging in, with
// the signed one-use token.

// AddRatingTablet registers the window-rating pages: the rating page of a
// token (GET and POST /rate/{token}, public), the case page's "请申请人评价"
// (POST /cases/{number}/rating-token) and the window's tablet
// (GET /window/tablet), which shows the newest token its clerk issued.
func (w *Web) AddRatingTablet(t *rating.Tokens) {
	w.tokens = t
	if err := w.withBlocks("tablet", "rate"); err != nil {
		panic(err)
	}
	w.handle("GET", "/rate/{token}", access.Public, w.ratePage)
	w.handle("POST", "/rate/{token}", access.Public, w.ratePost)
	w.handle("POST", "/cases/{number}/rating-token", access.CaseAccept, w.askRating)
	w.handle("GET", "/window/tablet", access.CaseAccept, w.tablet)
}

// rateView is the rating card (rate.html's "rate-card" block).
type rateView struct {
	Visit     rating.Visit
	Action    string // where the rating is posted
	Expires   string // HH:MM, China time
	Levels    []rateLevel
	Score     int // the chosen level, 0 before choosing
	Level     string
	Bad       bool
	Tags      []rateTag // the chosen level's
	Comment   string
	Anonymous bool
	Error     string
	// Tablet: shown on the window's tablet (it goes back there afterwards).
	Tablet bool
	// Poll: the tablet looks again every 3 seconds (nothing chosen yet).
	Poll bool
	// Waiting: the tablet has no token to show.
	Waiting bool
	// Done: rated; Rectified: it went to the department to verify.
	Done, Rectified bool
}

type rateLevel struct {
	Score  int
	Title  string
	URL    string
	Chosen bool
}

type rateTag struct {
	Name    string
	Checked bool
}

// rateCard lays out the card for visit v with score chosen (0: none);
// the levels link to base?score=N.
func rateCard(v rating.Visit, base string, score int, tablet bool) *rateView {
	rv := &rateView{Visit: v, Action: rating.RatePath(v.Token), Tablet: tablet,
		Expires: v.ExpiresAt.In(workcal.China).Format("15:04")}
	for s := rating.VerySatisfied; s >= rating.VeryDissatisfied; s-- {
		rv.Levels = append(rv.Levels, rateLevel{Score: s, Title: rating.Title(s), URL: base + "?score=" + strconv.Itoa(s), Chosen: s == score})
	}
	if score >= rating.VeryDissatisfied && score <= rating.VerySatisfied {
		rv.Score, rv.Level, rv.Bad = score, rating.Title(score), rating.Bad(score)
		for _, t := range rating.Tags(score) {
			rv.Tags = append(rv.Tags, rateTag{Name: t})
		}
	}
	rv.Poll = tablet && rv.Score == 0
	return rv
}

func formScore(s string) int {
	n, _ := strconv.Atoi(strings.TrimSpace(s))
	return n
}

// ratePage shows the rating card of a token: the service, the five
// levels, and once one is chosen its tags, a comment and 匿名评价.
func (w *Web) ratePage(rw http.ResponseWriter, r *http.Request) {
	token := r.PathValue("token")
	v, err := w.tokens.Open(r.Context(), token)
	if err != nil {
		w.Error(rw, r, err)
		return
	}
	rv := rateCard(v, rating.RatePath(token), formScore(r.URL.Query().Get("score")), false)
	w.render(rw, r, http.StatusOK, "rate", &Page{Title: "服务评价", Data: rv})
}

// ratePost takes the rating; a problem with it shows the card again with
// what was chosen, any other refusal (a forged, expired or used token)
// the error page.
func (w *Web) ratePost(rw http.ResponseWriter, r *http.Request) {
	ctx, token := r.Context(), r.PathValue("token")
	if err := parsePost(r); err != nil {
		w.Error(rw, r, err)
		return
	}
	pf := r.PostForm
	tablet := pf.Get("tablet") == "1"
	in := rating.Input{Score: formScore(pf.Get("score")), Tags: pf["tags"], Comment: pf.Get("comment"), Anonymous: pf.Has("anonymous")}
	rt, err := w.tokens.Rate(ctx, token, in)
	if err == nil {
		rv := &rateView{Done: true, Level: rt.Level, Rectified: rt.Rectification != 0, Tablet: tablet}
		w.render(rw, r, http.StatusOK, "rate", &Page{Title: "感谢您的评价", Data: rv})
		return
	}
	if !errs.Is(err, errs.Invalid) || errs.FieldOf(err) == "token" {
		w.Error(rw, r, err)
		return
	}
	v, verr := w.tokens.Open(ctx, token)
	if verr != nil {
		w.Error(rw, r, verr)
		return
	}
	base := rating.RatePath(token)
	if tablet {
		base = "/window/tablet"
	}
	rv := rateCard(v, base, in.Score, tablet)
	rv.Poll = false
	rv.Error, rv.Comment, rv.Anonymous = errs.MessageOf(err), strings.TrimSpace(in.Comment), in.Anonymous
	for i := range rv.Tags {
		rv.Tags[i].Checked = slices.Contains(in.Tags, rv.Tags[i].Name)
	}
	w.render(rw, r, errs.Status(errs.CodeOf(err)), "rate", &Page{Title: "服务评价", Data: rv})
}

// askRating issues a token for the case just served and goes back to
// the case page, which shows its QR code (the tablet shows it too).
func (w *Web) askRating(rw http.ResponseWriter, r *http.Request) {
	number := r.PathValue("number")
	if _, err := w.tokens.Issue(r.Context(), httpx.Principal(r.Context()), number); err != nil {
		w.Error(rw, r, err)
		return
	}
	msg := "已生成评价二维码：请申请人扫码，或在窗口评价器上评价"
	http.Redirect(rw, r, "/cases/"+url.PathEscape(number)+"?flash="+urlQueryEscape(msg)+"#rating-ask", http.StatusSeeOther)
}

// tablet is the window's rating tablet: the card of the newest unused
// token its clerk issued, or a welcome that looks again every 3 seconds.
func (w *Web) tablet(rw http.ResponseWriter, r *http.Request) {
	v, ok, err := w.tokens.Newest(r.Context(), httpx.Principal(r.Context()))
	if err != nil {
		w.Error(rw, r, err)
		return
	}
	rv := &rateView{Tablet: true, Waiting: true, Poll: true}
	if ok {
		rv = rateCard(v, "/window/tablet", formScore(r.URL.Query().Get("score")), true)
	}
	w.render(rw, r, http.StatusOK, "tablet", &Page{Title: "窗口评价器", Data: rv})
}

// caseAskView is the case page's window-rating section for front-desk
// staff: the button, and the QR code of the token they issued last.
type caseAskView struct {
	Action  string
	Link    string       // the rating page of the pending token
	QR      template.URL // its QR code, a data: URL (the CSP allows data: images)
	Expires string
}

// askRatingView is the section for p on case c, or nil when p may not ask.
func (w *Web) askRatingView(ctx context.Context, p *access.Principal, c cases.Case) *caseAskView {
	if w.tokens == nil || !w.tokens.CanIssue(ctx, p, c) {
		return nil
	}
	av := &caseAskView{Action: "/cases/" + url.PathEscape(c.Number) + "/rating-token"}
	is, ok, err := w.tokens.Pending(ctx, p, c)
	if err != nil || !ok {
		return av
	}
	link := httpx.BaseURL(ctx) + rating.RatePath(is.Token)
	png, err := guide.QR(link, 240)
	if err != nil {
		return av
	}
	av.Link, av.Expires = link, is.ExpiresAt.In(workcal.China).Format("15:04")
	av.QR = template.URL("data:image/png;base64," + base64.StdEncoding.EncodeToString(png))
	return av
}
