package web

func init() { addEnglish(ratingBoardEnglish) }

// ratingBoardEnglish is the English of the public rating board (ratings_board.html).
var ratingBoardEnglish = map[string]string{
	"好差评公示": "Public service ratings", "月份": "Month", "本月还没有评价。": "No ratings yet this month.",
	"办事群众对每个办件的评价（一事一评）按部门公示：只公示数量和比率，不公示评价人、评价内容和办件。好评计入": "Every case's rating (one per case) is published by department: counts and rates only — never who rated, what they wrote or which case. Good ratings count",
	"；差评（不满意、非常不满意）由部门核实整改、回访，政务服务管理部门复核。":                 "; bad ratings (dissatisfied, very dissatisfied) are verified, put right and followed up by a call from the department, then rechecked by the government services authority.",
	"合计": "Total",
}
