package tui

import (
	"regexp"
	"strings"
	"testing"

	"github.com/archreview/archreview/model"
	"github.com/archreview/archreview/model/pack"

	tea "github.com/charmbracelet/bubbletea"
)

// r offers the pack's risks while the new risk's title is empty: ↓ picks
// one, enter takes its title, impact and likelihood (and the flags that
// follow the impact); typing a title instead hides them.
func TestRiskSuggestionsFillANewRisk(t *testing.T) {
	d := newDriver(t, true)
	d.keys("enter", "enter") // the demo session, its first flow
	flow := &d.app.ws.doc.Flows[0]
	before := len(flow.Failure.Risks)
	d.keys("r")
	d.mustSee("Suggested risks", "[12 high", "Peak-day volume")
	d.keys("down", "down", "up", "enter")
	if len(flow.Failure.Risks) != before+1 {
		t.Fatalf("the flow has %d risks, want %d", len(flow.Failure.Risks), before+1)
	}
	r := flow.Failure.Risks[before]
	if !strings.HasPrefix(r.Title, "Peak-day volume") || r.Impact != 4 || r.Likelihood != 3 || !r.RevenueCritical || r.CustomerVisible {
		t.Errorf("the risk taken from the suggestion is %+v", r)
	}
	if strings.Contains(d.view(), "Suggested risks") {
		t.Error("the suggestions stay on screen once one was taken")
	}
	d.keys("esc", "esc")

	d.keys("r", "Carrier API down")
	if strings.Contains(d.view(), "Suggested risks") {
		t.Error("the suggestions stay on screen while a title is typed")
	}
	d.keys("esc", "esc")
	if got := flow.Failure.Risks[len(flow.Failure.Risks)-1]; got.Title != "Carrier API down" || got.Impact != 3 {
		t.Errorf("a typed risk is %+v", got)
	}
}

// The session details change the session's pack: the walkthrough asks the
// new pack's questions, the summary applies its rule settings, and u takes
// the change back.
func TestSessionDetailsChangeThePack(t *testing.T) {
	d := newDriver(t, true)
	d.keys("enter", "i")
	d.mustSee("Session details")
	for range len(model.SessionDetailFields) {
		d.keys("tab") // the form opens on its first field, editing
	}
	// The pack is the form's last row, in view once the cursor is on it.
	d.mustSee("Question pack", "retail — Retail 1.0, built in")
	d.keys("mar", "enter")
	ws := d.app.ws
	if ws.doc.Pack == nil || ws.doc.Pack.ID != "marketplace-seller" || len(ws.doc.Pack.SHA256) != 64 {
		t.Fatalf("the session records the pack %+v", ws.doc.Pack)
	}
	d.keys("esc")
	staleScore := func() int {
		for _, f := range ws.currentSummary().Findings {
			if f.Rule == "STALE_INVENTORY" {
				return f.Score
			}
		}
		t.Fatal("the demo has no STALE_INVENTORY finding")
		return 0
	}
	if got := staleScore(); got != 20 {
		t.Errorf("STALE_INVENTORY scores %d under the marketplace pack, want its 5 × 4", got)
	}
	d.keys("enter")
	d.mustSee("Which stock do you offer each channel")
	d.keys("esc", "u")
	if ws.doc.Pack != nil {
		t.Errorf("undo left the pack %+v", ws.doc.Pack)
	}
	if got := staleScore(); got != 15 {
		t.Errorf("STALE_INVENTORY scores %d after undo, want the rule's own 5 × 3", got)
	}
	d.keys("enter")
	d.mustSee("Which system is the master for this data today")
}

// A session whose pack is not on this laptop opens with the default
// questions and a notice naming the missing pack.
func TestSessionWithAMissingPackOpensWithTheDefault(t *testing.T) {
	d := newDriver(t, false)
	doc := model.DemoAnswers(testNow)
	doc.Pack = &model.PackRef{ID: "acme-b2b", Version: "2", SHA256: strings.Repeat("a", 64)}
	if err := d.st.Create(doc); err != nil {
		t.Fatal(err)
	}
	d.run(d.app.lib.listCmd())
	d.keys("enter")
	d.mustSee(`pack "acme-b2b" is not on this laptop`)
	d.keys("enter")
	d.mustSee("Which system is the master for this data today")
	if d.app.ws.doc.Pack.ID != "acme-b2b" {
		t.Error("opening the session changed the pack it records")
	}
}

// A user's pack extending retail with a returns question: the walkthrough
// shows it on a returns flow and not on an order flow.
func TestDomainQuestionsFollowTheFlowsDomain(t *testing.T) {
	d := newDriver(t, true)
	lib := pack.Load(pack.File{Name: "mine.yaml", Data: []byte("id: mine\nname: Mine\nversion: \"1\"\nextends: retail\nsteps:\n  source:\n    domains:\n      payment: [Who reconciles the settlement file each morning?]\n")})
	d.app.c.Packs = lib
	d.app.ws = nil
	d.keys("enter")
	mine := lib.Get("mine").Ref()
	d.app.ws.doc.Pack = &mine
	walk := func(i int) string {
		d.app.session.setCursor(tabFlows, i)
		d.keys("enter")
		v := d.view()
		d.keys("esc")
		return v
	}
	payments := -1
	for i, f := range d.app.ws.doc.Flows {
		if f.Domain == "payment" {
			payments = i
		}
	}
	if v := walk(payments); !strings.Contains(v, "Who reconciles the settlement file") {
		t.Errorf("the payment flow does not ask the pack's payment question:\n%s", v)
	}
	if v := walk(0); strings.Contains(v, "Who reconciles the settlement file") {
		t.Errorf("an order flow asks the payment question:\n%s", v)
	}
}

// The walkthrough asks a flow only the pack's questions that fit it: in the
// b2b-distribution pack the storefront's webhook of orders into the ERP is
// asked nothing of EDI documents, and a trading partner's orders through an
// EDI system are.
func TestGuidingQuestionsFitTheFlow(t *testing.T) {
	d := newDriver(t, false)
	doc := model.DemoAnswers(testNow)
	b2b := pack.Load().Get("b2b-distribution").Ref()
	doc.Pack = &b2b
	web := doc.Flows[0]
	if from, _ := doc.SystemByID(web.From); from.Kind != "storefront" || web.Domain != "order" || web.Contract.Pattern != model.PatternEventDriven {
		t.Fatalf("the demo's first flow is no longer the storefront's order webhook: %+v", web)
	}
	van := model.System{ID: "sys-edi", Name: "Trading partner translator", Kind: "edi"}
	doc.Systems = append(doc.Systems, van)
	partner := model.Flow{ID: "flow-edi", Name: "Partner orders to ERP", Domain: "order", From: van.ID, To: web.To}
	partner.Contract.Pattern = model.PatternFile
	doc.Flows = append(doc.Flows, partner)
	if err := d.st.Create(doc); err != nil {
		t.Fatal(err)
	}
	d.run(d.app.lib.listCmd())
	d.send(tea.WindowSizeMsg{Width: 100, Height: 40})
	d.keys("enter")

	// asked is every page of guiding questions at every step, one space
	// between words so a wrapped question reads whole.
	asked := func(flow int) string {
		d.app.session.setCursor(tabFlows, flow)
		d.keys("enter")
		var pages []string
		for _, step := range []string{"1", "2", "3", "4"} {
			d.keys(step)
			for range 6 {
				pages = append(pages, strings.Join(strings.Fields(d.view()), " "))
				d.keys("g")
			}
		}
		d.keys("esc")
		return strings.Join(pages, "\n")
	}
	edi := regexp.MustCompile(`\b(EDI|X12|EDIFACT|VAN|ASN|ORDRSP|850|855|856|846)\b`)
	webAsked := asked(0)
	if m := edi.FindString(webAsked); m != "" {
		t.Errorf("the storefront's order webhook is asked about %q:\n%s", m, webAsked)
	}
	if !strings.Contains(webAsked, "Is the portal order the order of record") {
		t.Errorf("the storefront's order webhook is not asked the portal's order question:\n%s", webAsked)
	}
	partnerAsked := asked(len(doc.Flows) - 1)
	for _, want := range []string{"Is the EDI 850 the order of record", "X12 or EDIFACT", "acknowledged with an 855", "fails translation"} {
		if !strings.Contains(partnerAsked, want) {
			t.Errorf("the partner's EDI orders are not asked %q:\n%s", want, partnerAsked)
		}
	}
	if strings.Contains(partnerAsked, "Is the portal order the order of record") {
		t.Error("the partner's EDI orders are asked the portal's order question")
	}
}
