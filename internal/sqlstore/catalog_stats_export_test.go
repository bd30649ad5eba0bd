package sqlstore

// IndicatorQuery exposes the indicator query to the plan test.
var IndicatorQuery = indicatorQuery
