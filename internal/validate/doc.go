// Package validate checks and normalises what people type at the edge of
// OneWindow (forms and API bodies) before anything reaches a domain service.
//
// Every validator takes the JSON field name first and returns the normalised
// value, or an errs.Invalid error naming that field with a Chinese message a
// citizen at home or a clerk in the hall can act on. Messages never echo a
// personal identifier back: errors end up in logs, and logs must not carry
// personal data (PIPL; GB/T 35273; 等保 2.0 audit requirements).
//
// Some rules here are deliberately looser than a naive reading of the
// standards, because the looser rule is what the law and the halls require:
//   - A 公民身份号码's first six digits are NOT checked against the current
//     region table: people keep the number they were born with after their
//     county is merged or renamed. Only the province prefix, the birth date
//     and the check digit are checked.
//   - A few early 统一社会信用代码 issued in pilot areas fail the GB 32100
//     check character and are still legal. Online self-registration refuses
//     them (ErrCreditCodeCheck) and sends the applicant to a window, where a
//     clerk compares the code with the licence and accepts it through
//     CreditCodeConfirmed.
//   - 12345 hotline callers often call from landlines, so Phone accepts a
//     landline with its area code as well as a mobile number.
package validate
