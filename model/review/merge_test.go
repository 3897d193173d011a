package review

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/archreview/archreview/model"
	"github.com/archreview/archreview/model/internal/fixture"
)

func docJSON(t *testing.T, d *model.Document) string {
	t.Helper()
	var b bytes.Buffer
	c := d.Clone()
	c.Schema = model.SchemaID
	if err := model.WriteDocument(&b, c); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func mustMerge(t *testing.T, base, ours, theirs *model.Document) (*model.Document, []model.Conflict) {
	t.Helper()
	d, cs, err := Merge(base, ours, theirs)
	if err != nil {
		t.Fatal(err)
	}
	if base == nil {
		return d, cs
	}
	// The fingerprint the database keeps of a base merges as the base does;
	// only the conflicts' base text is not known.
	data, err := EncodeFingerprint(base)
	if err != nil {
		t.Fatal(err)
	}
	fp, err := ParseFingerprint(data)
	if err != nil {
		t.Fatal(err)
	}
	fd, fcs, err := MergeFrom(fp, ours, theirs)
	if err != nil {
		t.Fatalf("from the fingerprint: %v", err)
	}
	withoutBase := func(d *model.Document) *model.Document {
		c := d.Clone()
		for i := range c.Conflicts {
			c.Conflicts[i].Base = ""
		}
		return c
	}
	if docJSON(t, withoutBase(fd)) != docJSON(t, withoutBase(d)) || len(fcs) != len(cs) {
		t.Errorf("merging from the base's fingerprint differs from merging from the base (%d and %d conflicts)", len(fcs), len(cs))
	}
	return d, cs
}

// edit is one change a facilitator makes to their copy; each touches a
// record of its own (picked by n), so two edits with different n touch
// different records.
type edit struct {
	name string
	do   func(d *model.Document, n int)
}

var edits = []edit{
	{"answer", func(d *model.Document, n int) {
		d.Flows[n%len(d.Flows)].Contract.Timing = fmt.Sprintf("every %d minutes", n+1)
	}},
	{"add a risk", func(d *model.Document, n int) {
		f := &d.Flows[n%len(d.Flows)]
		f.Failure.Risks = append(f.Failure.Risks, model.Risk{ID: fmt.Sprintf("new-risk-%d", n), Title: "Added in the other room", Impact: 3, Likelihood: 2})
	}},
	{"rescore a risk", func(d *model.Document, n int) {
		for i := range d.Flows {
			if f := &d.Flows[(n+i)%len(d.Flows)]; len(f.Failure.Risks) > 0 {
				f.Failure.Risks[0].Likelihood = 1 + (f.Failure.Risks[0].Likelihood % 5)
				return
			}
		}
	}},
	{"add a flow", func(d *model.Document, n int) {
		f := d.Flows[0].Clone()
		f.ID, f.Name = fmt.Sprintf("new-flow-%d", n), fmt.Sprintf("Flow added in room %d", n)
		for i := range f.Failure.Risks {
			f.Failure.Risks[i].ID = fmt.Sprintf("new-flow-%d-risk-%d", n, i)
		}
		d.Flows = append(d.Flows, f)
	}},
	{"delete a flow", func(d *model.Document, n int) {
		i := n % len(d.Flows)
		id := d.Flows[i].ID
		d.Flows = slices.Delete(d.Flows, i, i+1)
		for q := range d.OpenQuestions {
			if d.OpenQuestions[q].Flow == id {
				d.OpenQuestions[q].Flow, d.OpenQuestions[q].Step = "", ""
			}
		}
	}},
	{"add a participant", func(d *model.Document, n int) {
		d.Session.Participants = append(d.Session.Participants, fmt.Sprintf("Vendor lead %d", n))
	}},
	{"decide a domain", func(d *model.Document, n int) {
		d.Domains = append(d.Domains, model.DomainDecision{Name: fmt.Sprintf("domain-%d", n), SourceOfTruth: d.Systems[0].ID, DecidedBy: "CIO"})
	}},
	{"dismiss a finding", func(d *model.Document, n int) {
		d.Triage = append(d.Triage, model.Triage{Finding: fmt.Sprintf("NO_OWNER:%s", d.Flows[n%len(d.Flows)].ID), Status: model.TriageDismissed, Reason: "owned by the vendor"})
	}},
	{"add a recipient of the pack", func(d *model.Document, n int) {
		d.Session.Distribution = append(d.Session.Distribution, fmt.Sprintf("Steering member %d", n))
	}},
	{"add a version to the history", func(d *model.Document, n int) {
		d.Session.History = append(d.Session.History, model.HistoryEntry{Version: fmt.Sprintf("0.%d", n+1), Date: "2026-03-14", Note: "sent"})
	}},
	{"set a system's target", func(d *model.Document, n int) {
		// Even records are replaced by the next, odd ones retired: two
		// rooms' targets never make a circle.
		s := &d.Systems[n%len(d.Systems)]
		s.Target = model.Target{Action: model.TargetRetire, Slice: 1}
		if n%2 == 0 {
			s.Target = model.Target{Action: model.TargetReplace, By: d.Systems[(n+1)%len(d.Systems)].ID}
		}
	}},
	{"link evidence to an answer", func(d *model.Document, n int) {
		f := &d.Flows[n%len(d.Flows)]
		f.Owner.Evidence = append(f.Owner.Evidence, model.Evidence{Label: "Runbook", URL: fmt.Sprintf("https://wiki.example.com/runbook/%d", n)})
	}},
	{"ask a question as a decision", func(d *model.Document, n int) {
		q := &d.OpenQuestions[n%len(d.OpenQuestions)]
		q.Decision, q.Due = true, "2026-04-01"
		q.Options = append(q.Options, fmt.Sprintf("Option %d", n))
	}},
}

func base(t *testing.T, seed uint64) *model.Document {
	t.Helper()
	d := model.Generate(12, 2, seed)
	d.Schema = model.SchemaID
	return d
}

// The laws a merge keeps, on generated sessions and random edits.
func TestMergeProperties(t *testing.T) {
	for seed := range uint64(30) {
		rng := rand.New(rand.NewPCG(seed, 7))
		b := base(t, seed)
		x, y := b.Clone(), b.Clone()
		e1, e2 := edits[rng.IntN(len(edits))], edits[rng.IntN(len(edits))]
		// Disjoint records: x edits record n, y record n+1 (mod the lists);
		// deleting a flow the other edits would not be disjoint.
		n := rng.IntN(6)
		e1.do(x, 2*n)
		e2.do(y, 2*n+1)
		name := fmt.Sprintf("seed %d: %s and %s", seed, e1.name, e2.name)

		if got, cs := mustMerge(t, b, x, x); docJSON(t, got) != docJSON(t, x) || len(cs) > 0 {
			t.Errorf("%s: merge(b, x, x) != x (%d conflicts)", name, len(cs))
		}
		if got, cs := mustMerge(t, b, b, y); docJSON(t, got) != docJSON(t, y) || len(cs) > 0 {
			t.Errorf("%s: merge(b, b, y) != y (%d conflicts)", name, len(cs))
		}
		if got, cs := mustMerge(t, b, x, b); docJSON(t, got) != docJSON(t, x) || len(cs) > 0 {
			t.Errorf("%s: merge(b, x, b) != x (%d conflicts)", name, len(cs))
		}
		xy, c1 := mustMerge(t, b, x, y)
		yx, c2 := mustMerge(t, b, y, x)
		if len(c1) > 0 || len(c2) > 0 {
			t.Errorf("%s: disjoint edits conflict: %+v %+v", name, c1, c2)
			continue
		}
		if a, b := docJSON(t, sortFlows(xy)), docJSON(t, sortFlows(yx)); a != b {
			t.Errorf("%s: merge(b, x, y) and merge(b, y, x) differ beyond flow order", name)
		}
		// Both edits are in: the one on the later record first, so the
		// other's index still names the record it named.
		want := b.Clone()
		e2.do(want, 2*n+1)
		e1.do(want, 2*n)
		if docJSON(t, sortFlows(xy)) != docJSON(t, sortFlows(want)) {
			t.Errorf("%s: the merge is not both edits applied", name)
		}
	}
}

func sortFlows(d *model.Document) *model.Document {
	c := d.Clone()
	slices.SortFunc(c.Flows, func(a, b model.Flow) int { return strings.Compare(a.ID, b.ID) })
	slices.Sort(c.Session.Participants)
	// Records both copies added come in ours' order, then theirs'.
	slices.SortFunc(c.Triage, func(a, b model.Triage) int { return strings.Compare(a.Finding, b.Finding) })
	slices.SortFunc(c.Domains, func(a, b model.DomainDecision) int { return strings.Compare(a.Name, b.Name) })
	slices.Sort(c.Session.Distribution)
	slices.SortFunc(c.Session.History, func(a, b model.HistoryEntry) int { return strings.Compare(a.Version, b.Version) })
	return c
}

func TestMergeConflictsAreData(t *testing.T) {
	b := base(t, 1)
	x, y := b.Clone(), b.Clone()
	x.Flows[0].Contract.Timing = "hourly"
	y.Flows[0].Contract.Timing = "nightly"
	got, cs := mustMerge(t, b, x, y)
	if len(cs) != 1 || got.Flows[0].Contract.Timing != "hourly" {
		t.Fatalf("conflicts %+v, timing %q: want one conflict and ours in place", cs, got.Flows[0].Contract.Timing)
	}
	c := got.Conflicts[0]
	if c.Path != `flows["`+b.Flows[0].ID+`"].contract.timing` || c.Ours != `"hourly"` || c.Theirs != `"nightly"` || c.Base == "" {
		t.Errorf("conflict %+v", c)
	}
	for _, tc := range []struct {
		choice, want string
	}{{KeepOurs, "hourly"}, {KeepTheirs, "nightly"}, {KeepBoth, "hourly\nnightly"}} {
		r, err := Resolve(got, 0, tc.choice)
		if err != nil {
			t.Fatal(err)
		}
		if r.Flows[0].Contract.Timing != tc.want || len(r.Conflicts) != 0 {
			t.Errorf("%s: timing %q, %d conflicts left", tc.choice, r.Flows[0].Contract.Timing, len(r.Conflicts))
		}
	}

	// Deleted on one side, edited on the other: the edited record stays.
	x, y = b.Clone(), b.Clone()
	gone := x.Flows[1].ID
	x.Flows = slices.Delete(x.Flows, 1, 2)
	for q := range x.OpenQuestions {
		if x.OpenQuestions[q].Flow == gone {
			x.OpenQuestions[q].Flow, x.OpenQuestions[q].Step = "", ""
		}
	}
	y.Flows[1].Source.Notes = "the room changed its mind"
	got, cs = mustMerge(t, b, x, y)
	if got.FlowIndex(gone) < 0 || !slices.ContainsFunc(cs, func(c model.Conflict) bool { return c.Path == `flows["`+gone+`"]` && c.Ours == "" }) {
		t.Errorf("delete against edit: flow kept %v, conflicts %+v", got.FlowIndex(gone) >= 0, cs)
	}
	i := slices.IndexFunc(got.Conflicts, func(c model.Conflict) bool { return c.Path == `flows["`+gone+`"]` })
	if r, err := Resolve(got, i, KeepOurs); err != nil || r.FlowIndex(gone) >= 0 {
		t.Errorf("keeping ours (the deletion) left the flow: %v", err)
	}

	// Another session's copy is refused.
	other := b.Clone()
	other.Session.ID = "another"
	if _, _, err := Merge(b, x, other); err == nil {
		t.Error("merged copies of two sessions")
	}
}

// With no base, every record either side has is kept, and every field
// that differs is a conflict.
func TestTwoWayMerge(t *testing.T) {
	b := base(t, 2)
	x, y := b.Clone(), b.Clone()
	edits[3].do(y, 1) // a flow only theirs has
	y.Flows[0].Name = "Renamed in the other room"
	got, cs := mustMerge(t, nil, x, y)
	if got.FlowIndex("new-flow-1") < 0 || len(cs) != 1 || !strings.HasSuffix(cs[0].Path, ".name") {
		t.Errorf("two-way: %d flows, conflicts %+v", len(got.Flows), cs)
	}
}

// One side deletes a system, the other adds a flow that uses it: both copies
// are valid, so their merge is too. The system stays, with a conflict, and
// the merge is not refused.
func TestMergeDeleteAgainstUse(t *testing.T) {
	b := base(t, 3)
	// A system no flow uses yet, so ours can delete it.
	b.Systems = append(b.Systems, model.System{ID: "sys-spare", Name: "Legacy FTP drop", Kind: model.SystemKind("file-drop")})
	x, y := b.Clone(), b.Clone()
	x.Systems = slices.DeleteFunc(x.Systems, func(s model.System) bool { return s.ID == "sys-spare" })
	f := y.Flows[0].Clone()
	f.ID, f.Name, f.From, f.Failure.Risks = "flow-new", "Returns by FTP", "sys-spare", nil
	y.Flows = append(y.Flows, f)
	y.OpenQuestions = append(y.OpenQuestions, model.OpenQuestion{ID: "q-new", Flow: b.Flows[1].ID, Question: "Who replays it?"})
	// And the other way round: theirs deletes a flow ours asks a new question about.
	gone := b.Flows[1].ID
	y2 := b.Clone()
	y2.Flows = slices.DeleteFunc(y2.Flows, func(f model.Flow) bool { return f.ID == gone })
	for q := range y2.OpenQuestions {
		if y2.OpenQuestions[q].Flow == gone {
			y2.OpenQuestions[q].Flow, y2.OpenQuestions[q].Step = "", ""
		}
	}
	x2 := b.Clone()
	x2.OpenQuestions = append(x2.OpenQuestions, model.OpenQuestion{ID: "q-ours", Flow: gone, Question: "Is the nightly file still needed?"})

	for _, tc := range []struct {
		name                string
		ours, theirs        *model.Document
		list, id, kept      string
		oursEmpty, theirsGo bool
	}{
		{"ours deleted a system theirs uses", x, y, "systems", "sys-spare", "", true, false},
		{"theirs deleted a system ours uses", y, x, "systems", "sys-spare", "", false, true},
		{"theirs deleted a flow ours asks about", x2, y2, "flows", gone, "", false, true},
	} {
		got, cs := mustMerge(t, b, tc.ours, tc.theirs)
		path := tc.list + `["` + tc.id + `"]`
		i := slices.IndexFunc(cs, func(c model.Conflict) bool { return c.Path == path })
		if i < 0 {
			t.Errorf("%s: no conflict at %s: %+v", tc.name, path, cs)
			continue
		}
		if (cs[i].Ours == "") != tc.oursEmpty || (cs[i].Theirs == "") != tc.theirsGo {
			t.Errorf("%s: conflict %+v does not say which side deleted it", tc.name, cs[i])
		}
		kept := false
		switch tc.list {
		case "systems":
			kept = slices.ContainsFunc(got.Systems, func(s model.System) bool { return s.ID == tc.id })
		case "flows":
			kept = got.FlowIndex(tc.id) >= 0
		}
		if !kept {
			t.Errorf("%s: %s is not in the merge", tc.name, tc.id)
		}
		if ps := model.Validate(got); len(ps) > 0 {
			t.Errorf("%s: the merge is not valid: %v", tc.name, ps)
		}
	}
	// Deleted and used by nobody: it goes, with no conflict.
	z := b.Clone()
	z.Systems = slices.DeleteFunc(z.Systems, func(s model.System) bool { return s.ID == "sys-spare" })
	got, cs := mustMerge(t, b, z, b)
	if len(cs) > 0 || slices.ContainsFunc(got.Systems, func(s model.System) bool { return s.ID == "sys-spare" }) {
		t.Errorf("an unused system deleted on one side: conflicts %+v", cs)
	}
}

// A merge's result names where it comes from: theirs as its base revision,
// both copies and their ancestors, newest first, without repeats.
func TestMergeProvenance(t *testing.T) {
	b := base(t, 4)
	x, y := b.Clone(), b.Clone()
	rev := func(c byte) string { return model.RevisionPrefix + strings.Repeat(string(c), 64) }
	x.Revision, x.Ancestors = rev('a'), []string{rev('c'), rev('e')}
	y.Revision, y.Ancestors = rev('b'), []string{rev('d'), rev('c')}
	got, _ := mustMerge(t, b, x, y)
	want := []string{rev('a'), rev('b'), rev('c'), rev('d'), rev('e')}
	if got.BaseRevision != rev('b') || !slices.Equal(got.Ancestors, want) || got.Revision != "" {
		t.Errorf("provenance %+v, want base %s and ancestors %v", got.Provenance, rev('b'), want)
	}
}

// twoRooms is the review both copies start from: one failure of the iPaaS
// logged on two flows through it, once per room.
func twoRooms() *model.Document {
	d := fixture.NewBuilder().
		Flow("orders", "order", "storefront", "erp", through("ipaas"), risk("r1", "DLQ not watched", 5, 4)).
		Flow("returns", "returns", "storefront", "erp", through("ipaas"), risk("r2", "Failed messages never replayed", 4, 4, func(r *model.Risk) {
			r.Fix, r.Owner, r.Covers = "", "", []string{"NO_RETRY:returns"}
		})).Doc
	d.Schema = model.SchemaID
	return d
}

// One copy merged r2 into r1; the other, not knowing, edited r2. The edit
// lands on the survivor where it does not contradict it, and stands as a
// conflict on the survivor where it does: never lost, and r2 never back.
func TestMergeOfALaterEditToTheMergedAwayRisk(t *testing.T) {
	merged := func(d *model.Document) {
		if err := MergeRisks(d, "r1", "r2"); err != nil {
			panic(err)
		}
	}
	edit := func(change func(r *model.Risk)) func(d *model.Document) {
		return func(d *model.Document) { change(&d.Flows[1].Failure.Risks[0]) }
	}
	type want struct {
		title, fix, ticket string
		impact             int
		status             model.RiskStatus
		covers             []string
		conflicts          []string // path: ours | theirs
	}
	cases := []struct {
		name         string
		ours, theirs func(d *model.Document)
		twoWay       bool
		want         want
	}{
		{"a later edit to the merged-away risk lands on the survivor", merged,
			edit(func(r *model.Risk) {
				r.Title, r.Fix, r.Ticket, r.Status = "Failed messages never replayed at night", "Replay the queue each morning", "INT-9", model.RiskInProgress
				r.Covers = append(r.Covers, "NO_MONITORING:returns")
			}), false,
			want{title: "DLQ not watched / Failed messages never replayed at night", fix: "a fix\nReplay the queue each morning", ticket: "INT-9",
				impact: 5, status: model.RiskInProgress, covers: []string{"NO_RETRY:returns", "NO_MONITORING:returns"}}},
		{"an edit the survivor contradicts is a conflict on the survivor", merged,
			edit(func(r *model.Risk) { r.Impact = 2 }), false,
			want{title: "DLQ not watched / Failed messages never replayed", fix: "a fix", impact: 5, status: model.RiskOpen,
				covers: []string{"NO_RETRY:returns"}, conflicts: []string{`flows["orders"].failure.risks["r1"].impact: 5 | 2`}}},
		{"ours edited it, theirs merged it: the survivor holds ours", edit(func(r *model.Risk) { r.Impact = 2 }), merged, false,
			want{title: "DLQ not watched / Failed messages never replayed", fix: "a fix", impact: 2, status: model.RiskOpen,
				covers: []string{"NO_RETRY:returns"}, conflicts: []string{`flows["orders"].failure.risks["r1"].impact: 2 | 5`}}},
		{"untouched, the merged-away risk stays merged", merged,
			func(d *model.Document) { d.Flows[0].Contract.Timing = "hourly" }, false,
			want{title: "DLQ not watched / Failed messages never replayed", fix: "a fix", impact: 5, status: model.RiskOpen,
				covers: []string{"NO_RETRY:returns"}}},
		{"two ways, what the survivor does not say is a conflict", merged, func(*model.Document) {}, true,
			want{title: "DLQ not watched / Failed messages never replayed", fix: "a fix", impact: 5, status: model.RiskOpen,
				covers: []string{"NO_RETRY:returns"}, conflicts: []string{
					`flows["orders"].failure.risks["r1"].title: "DLQ not watched / Failed messages never replayed" | "DLQ not watched"`,
					`flows["orders"].failure.risks["r1"].impact: 5 | 4`,
				}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			b := twoRooms()
			x, y := b.Clone(), b.Clone()
			c.ours(x)
			c.theirs(y)
			from := b
			if c.twoWay {
				from = nil
			}
			got, _ := mustMerge(t, from, x, y)
			if len(got.Flows[1].Failure.Risks) != 0 {
				t.Fatalf("the merged-away risk is back: %+v", got.Flows[1].Failure.Risks)
			}
			r := got.Flows[0].Failure.Risks[0]
			if r.Title != c.want.title || r.Fix != c.want.fix || r.Ticket != c.want.ticket || r.Impact != c.want.impact ||
				r.Status != c.want.status || !slices.Equal(r.Covers, c.want.covers) || !slices.Equal(r.Merged, []string{"r2"}) {
				t.Errorf("the survivor is %+v\nwant %+v", r, c.want)
			}
			var conflicts []string
			for _, k := range got.Conflicts {
				conflicts = append(conflicts, k.Path+": "+k.Ours+" | "+k.Theirs)
			}
			if !slices.Equal(conflicts, c.want.conflicts) {
				t.Errorf("conflicts %q, want %q", conflicts, c.want.conflicts)
			}
			if ps := model.Validate(got); len(ps) > 0 {
				t.Errorf("the merge is not valid: %v", ps)
			}
		})
	}
}
