package hotline

import (
	"context"

	"github.com/onewindow/onewindow/internal/errs"
	"github.com/onewindow/onewindow/internal/validate"
)

// Suggestion is the responsibility the rules find for a ticket.
type Suggestion struct {
	Lead    DeptRef   `json:"lead"`
	Assists []DeptRef `json:"assists,omitempty"`
	// Rule says how it was found: "rule 0101@533401" (subject@region) or
	// "government" (no rule: the region's government office).
	Rule string `json:"rule"`
}

// Suggest finds who is responsible for a subject in a region:
//
//  1. the rules of the nearest region up the tree that has any rule for
//     the subject or one of its parents; within that region, the nearest
//     subject up the tree wins (the place decides first, 属地管理);
//  2. several rules of that pair: the one marked lead leads (the lowest
//     id if none or several are), the others assist;
//  3. no rule: the government office (人民政府办公室) of the region, or
//     of the nearest region above it that has one.
//
// Errors: Invalid (unknown subject), NotFound (nobody at all).
func (s *Service) Suggest(ctx context.Context, subject, region string) (Suggestion, error) {
	_, chain, err := s.subjectOf(ctx, subject)
	if err != nil {
		return Suggestion{}, err
	}
	regions := validate.RegionAncestors(region)
	rules, err := s.store.Rules(ctx, regions, chain)
	if err != nil {
		return Suggestion{}, err
	}
	for _, r := range regions {
		for _, sub := range chain {
			var found []Rule
			for _, x := range rules {
				if x.Region == r && x.Subject == sub {
					found = append(found, x)
				}
			}
			if len(found) == 0 {
				continue
			}
			lead := 0
			for i, x := range found {
				if x.Lead {
					lead = i
					break
				}
			}
			sg := Suggestion{Lead: DeptRef{ID: found[lead].DeptID, Name: found[lead].DeptName}, Rule: "rule " + sub + "@" + r}
			for i, x := range found {
				if i != lead {
					sg.Assists = append(sg.Assists, DeptRef{ID: x.DeptID, Name: x.DeptName})
				}
			}
			return sg, nil
		}
	}
	d, err := s.store.GovOffice(ctx, regions)
	if errs.Is(err, errs.NotFound) {
		return Suggestion{}, errs.E(errs.NotFound, "没有找到负责该诉求的部门，也没有找到所在地的人民政府办公室，请手工选择派单部门")
	}
	if err != nil {
		return Suggestion{}, err
	}
	return Suggestion{Lead: DeptRef{ID: d.ID, Name: d.Name}, Rule: "government"}, nil
}
