// Package workcal is OneWindow's statutory working-day calendar. Every
// limit in the platform (review limits, acceptance by law after five
// working days, hotline sign and handle limits) is counted with it.
//
// # Where the days come from
//
// A day is a working day when it is Monday to Friday, unless a schedule
// makes it a holiday (放假), and a weekend day is a working day when a
// schedule makes it a make-up workday (调休上班). Three sources, in order of
// precedence from weakest to strongest:
//
//  1. The State Council's yearly notices (国务院办公厅关于某年部分节假日
//     安排的通知), shipped in data/YYYY.txt (2020–2026) and embedded.
//  2. National years imported by an admin (`onewindow calendar import FILE`
//     or the admin page) and stored in the database, so that next year's
//     schedule needs no release. An imported year REPLACES the embedded
//     year of the same number entirely: the embedded days of that year are
//     ignored, not merged, so that a corrected notice can also remove a day.
//     Other years are untouched.
//  3. Region days: a region's own holidays or workdays (autonomous
//     prefectures have their own festivals). A day entered for a region
//     applies to its whole subtree (a day of 533400 also holds in 533401
//     and in township 533401001) and wins over the national schedule;
//     where regions at several levels enter the same date, the nearest
//     one wins.
//
// A year without a national schedule is counted with weekends only. Results
// say so (Result.Estimated, EstimatedYears, Explain), and MissingYears tells
// the app to warn while the current or next year has no data.
//
// # Counting
//
// Add(from, n) is the n-th working day after from; from itself never counts.
// Between(from, to) is the number of working days after from up to and
// including to. Both work on a precomputed bit per day (1950–2199) and
// popcount, so a typical deadline costs tens of nanoseconds and no
// allocation; explanations (which holidays were skipped, which make-up days
// counted) are derived only when asked for.
//
// Service holds the current Calendar as an immutable snapshot behind an
// atomic pointer, rebuilt after every change and by Reload when the store's
// version moved. Its Store is implemented in internal/sqlstore.
package workcal
