package sqlstore

// TraceCases makes every query a case list or inbox runs visible to fn
// (nil stops it), for plan tests. Tests that use it must not run in parallel.
func TraceCases(fn func(query string, args []any)) { caseTrace = fn }
