package catalog

// Query is a public search of published items in force.
type Query struct {
	Text        string `json:"q"`            // Chinese or other words; "" lists by popularity
	Region      string `json:"region"`       // subtree; "" any
	DeptID      int64  `json:"dept"`         // 0 any
	Kind        Kind   `json:"kind"`         // "" any
	Theme       string `json:"theme"`        // "" any
	Target      string `json:"target"`       // person, org or ""
	OnlineDepth int    `json:"online_depth"` // minimum, 0 any
	CrossRegion string `json:"cross_region"` // "" any, province, national
	Order       string `json:"order"`        // "relevance" (default with text) or "popular"
	Cursor      string `json:"cursor"`       // opaque, from the previous page
	Limit       int    `json:"limit"`        // 1–100, default 20
}

// Hit is one search result: enough for a result list.
type Hit struct {
	ID           int64  `json:"id"`
	Code         string `json:"code"`
	Name         string `json:"name"`
	Kind         Kind   `json:"kind"`
	DeptID       int64  `json:"dept_id"`
	DeptName     string `json:"dept_name"`
	RegionCode   string `json:"region_code"`
	OnlineDepth  int    `json:"online_depth"`
	MaxVisits    int    `json:"max_visits"`
	Instant      bool   `json:"instant"`
	PromisedDays int    `json:"promised_days"`
	CrossRegion  string `json:"cross_region"`
	Popularity   int64  `json:"popularity"`
}

// SearchResult is one page of hits.
type SearchResult struct {
	Hits  []Hit  `json:"items"`
	Total int    `json:"total"` // all matches (capped at 10,000)
	Next  string `json:"next_cursor,omitempty"`
}
