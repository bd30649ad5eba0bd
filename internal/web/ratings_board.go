package web

import (
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/onewindow/onewindow/internal/access"
	"github.com/onewindow/onewindow/internal/errs"
	"github.com/onewindow/onewindow/internal/stats"
	"github.com/onewindow/onewindow/internal/workcal"
)

// 好差评公示: the public board of each department's rating results in a
// month. Counts and rates only: no names, comments or case numbers.

type ratingBoard struct {
	w    *Web
	svc  *stats.Service
	root string
}

// boardData is what ratings_board.html shows.
type boardData struct {
	Region, Month string
	Board         stats.PublicBoard
	Rows          []boardRow
	Total         boardRow
	Months        []catChip
	Good          string // the levels 好评率 counts, in words
}

type boardRow struct {
	Name                           string
	Rated                          int64
	Levels                         [5]int64
	Good, Bad, Rectified, Callback string
	GoodMeter                      float64
}

// AddRatingBoard registers the public 好差评公示 page; root is the region
// it shows when none is asked for.
func (w *Web) AddRatingBoard(svc *stats.Service, root string) {
	b := &ratingBoard{w: w, svc: svc, root: root}
	w.handle("GET", "/ratings/public", access.Public, b.page)
}

func (b *ratingBoard) page(rw http.ResponseWriter, r *http.Request) {
	l := lang(r)
	q := r.URL.Query()
	d := &boardData{Region: strings.TrimSpace(q.Get("region")), Month: strings.TrimSpace(q.Get("month"))}
	if d.Region == "" {
		d.Region = b.root
	}
	page := &Page{Title: translate(l, "好差评公示"), Data: d}
	board, err := b.svc.Public(r.Context(), d.Region, d.Month)
	if err != nil {
		if errs.FieldOf(err) == "" {
			b.w.Error(rw, r, err)
			return
		}
		page.Error = errs.MessageOf(err)
		b.w.render(rw, r, errs.Status(errs.CodeOf(err)), "ratings_board", page)
		return
	}
	d.Board, d.Month = board, board.Month
	row := func(x stats.PublicRow) boardRow {
		out := boardRow{Name: x.Name, Rated: x.Rated, Levels: x.Levels, Good: svFigure(x.Good), Bad: svFigure(x.Bad),
			Rectified: svFigure(x.Rectified), Callback: svFigure(x.Callback), GoodMeter: -1}
		if x.Good.Defined {
			out.GoodMeter = x.Good.Value
		}
		return out
	}
	for _, x := range board.Rows {
		d.Rows = append(d.Rows, row(x))
	}
	d.Total = row(board.Total)
	var levels []string
	for _, n := range board.GoodLevels {
		levels = append(levels, translate(l, levelNames[n-1]))
	}
	d.Good = strings.Join(levels, "、")
	// The last six months.
	today := workcal.Today(b.svc.Now())
	for i := 0; i < 6; i++ {
		month := workcal.NewDate(today.Year(), today.Month()-time.Month(i), 1).String()[:7]
		d.Months = append(d.Months, catChip{Label: month, URL: "/ratings/public?region=" + url.QueryEscape(d.Region) + "&month=" + month,
			On: month == board.Month})
	}
	b.w.render(rw, r, http.StatusOK, "ratings_board", page)
}

// levelNames are the five rating levels, 1 … 5.
var levelNames = [5]string{"非常不满意", "不满意", "基本满意", "满意", "非常满意"}
