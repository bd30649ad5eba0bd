package sqlstore

// TraceSearch makes every query a catalog search runs visible to fn (nil
// stops it), for plan tests. Tests that use it must not run in parallel.
func TraceSearch(fn func(query string, args []any)) { searchTrace = fn }
