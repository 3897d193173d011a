package model

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"
)

// Generate builds a large synthetic session for benchmarks and for trying
// the app at program scale (archreview demo --flows N): flows across every
// domain, risksPerFlow risks each, answers of the lengths a long workshop
// leaves, and enough trouble that every review rule fires. The same
// arguments always give the same session.
func Generate(flows, risksPerFlow int, seed uint64) *Document {
	rng := rand.New(rand.NewPCG(seed, uint64(flows)*31+uint64(risksPerFlow)))
	epoch := time.Date(2025, 1, 6, 9, 0, 0, 0, time.UTC)
	var n uint64
	id := func() string { n++; return NewIDAt(epoch, seed<<32|n) }
	stamp := epoch.Format(time.RFC3339)
	d := &Document{
		Schema: SchemaID,
		Session: Session{
			ID: NewIDAt(epoch, seed<<32), Name: fmt.Sprintf("Generated review: %d flows", flows),
			Client: "Generated retailer (synthetic)", Facilitator: "Generator",
			Participants: []string{"Head of e-commerce", "Integration lead", "Finance systems", "Warehouse ops"},
			Date:         epoch.Format(DateLayout), CreatedAt: stamp, UpdatedAt: stamp,
			Notes: "A synthetic session for trying archreview at program scale.",
		},
	}
	kinds := []SystemKind{"storefront", "erp", "oms", "pim", "wms", "pos", "marketplace", "payment", "crm", "ipaas", "middleware", "file-drop", "batch-job", "manual-workaround"}
	systems := 12 + flows/10
	for i := range systems {
		k := kinds[i%len(kinds)]
		d.Systems = append(d.Systems, System{ID: id(), Name: fmt.Sprintf("%s %d", strings.ToUpper(string(k[:1]))+string(k[1:]), i+1), Kind: k,
			Notes: sentence(rng, 12, 30)})
	}
	domains := append([]string{}, CoreDomains...)
	for _, c := range KnownDomainChoices {
		domains = append(domains, c.Value)
	}
	sys := func() string { return d.Systems[rng.IntN(len(d.Systems))].ID }
	pick := func(cs []Choice) string { return cs[rng.IntN(len(cs))].Value }
	maybe := func(p float64, s string) string {
		if rng.Float64() < p {
			return s
		}
		return ""
	}
	for i := range flows {
		from, to := sys(), sys()
		for to == from {
			to = sys()
		}
		f := Flow{
			ID: id(), Name: fmt.Sprintf("Flow %d: %s", i+1, sentence(rng, 2, 4)), Domain: domains[rng.IntN(len(domains))],
			From: from, To: to, Via: maybe(0.5, sys()),
			Source: SourceStep{System: maybe(0.9, sys()), ConflictRule: ConflictRule(pick(ConflictRuleChoices)),
				Identifiers: sentence(rng, 6, 16), DataQuality: sentence(rng, 10, 40), Notes: paragraph(rng), Done: rng.IntN(3) > 0},
			Contract: ContractStep{Pattern: Pattern(pick(PatternChoices)), PatternRationale: sentence(rng, 8, 24),
				Timing: sentence(rng, 4, 10), Transport: sentence(rng, 3, 8), Payload: sentence(rng, 8, 30),
				FieldMappings: sentence(rng, 8, 30), RateLimits: sentence(rng, 4, 12), Idempotency: Idempotency(pick(IdempotencyChoices)),
				Environments: sentence(rng, 6, 20), Notes: paragraph(rng), Done: rng.IntN(2) > 0},
			Failure: FailureStep{Retries: []string{"none", "", sentence(rng, 6, 18)}[rng.IntN(3)],
				RetryLevel:      RetryLevel(pick(RetryLevelChoices)),
				Monitoring:      []string{"none", "", sentence(rng, 6, 18)}[rng.IntN(3)],
				MonitoringLevel: MonitoringLevel(pick(MonitoringLevelChoices)),
				Notes:           paragraph(rng), Done: rng.IntN(2) > 0},
			Owner: OwnerStep{FlowOwner: maybe(0.8, fmt.Sprintf("Owner %d", rng.IntN(40))), Failures: maybe(0.7, "E-commerce ops"),
				Retries: maybe(0.6, "Integration lead"), Dashboards: maybe(0.5, "Ops dashboard"), Runbooks: maybe(0.4, "Runbook wiki page"),
				ReleaseHandoff: maybe(0.5, sentence(rng, 4, 10)), SupportModel: sentence(rng, 6, 16), Done: rng.IntN(3) == 0},
		}
		if len(f.Source.OtherWriters) == 0 && rng.IntN(3) == 0 {
			if w := sys(); w != f.Source.System {
				f.Source.OtherWriters = []string{w}
			}
		}
		if i%97 == 0 {
			f.Contract.Environments += " Shared login, password=Synthetic" + fmt.Sprint(i)
		}
		for range risksPerFlow {
			f.Failure.Risks = append(f.Failure.Risks, Risk{ID: id(), Title: sentence(rng, 5, 12),
				Impact: 1 + rng.IntN(5), Likelihood: 1 + rng.IntN(5), RevenueCritical: rng.IntN(2) == 0, CustomerVisible: rng.IntN(3) == 0,
				Fix: maybe(0.85, sentence(rng, 8, 24)), Horizon: Horizon(pick(HorizonChoices)), Owner: maybe(0.8, fmt.Sprintf("Owner %d", rng.IntN(40))),
				Slice: []int{0, 0, 0, 2, 3}[rng.IntN(5)]})
		}
		d.Flows = append(d.Flows, f)
	}
	for i := 0; i < flows/5; i++ {
		f := d.Flows[rng.IntN(len(d.Flows))]
		d.OpenQuestions = append(d.OpenQuestions, OpenQuestion{ID: id(), Flow: f.ID, Step: Steps[rng.IntN(4)].String(),
			Question: sentence(rng, 8, 20) + "?", Ask: fmt.Sprintf("Owner %d", rng.IntN(40)), Answer: maybe(0.3, sentence(rng, 6, 20))})
	}
	return d
}

// words are what generated answers are made of: integration vocabulary, so
// text wraps and truncates the way real answers do.
var words = strings.Fields(`the order stock price catalog customer feed file batch nightly webhook
queue retry replay export import mapping field contract payload version SKU ERP WMS PIM OMS storefront
marketplace iPaaS connector middleware job drop SFTP API rate limit timeout duplicate status shipment
refund return warehouse store manual spreadsheet upload team owner vendor partner support release
dashboard alert monitor error inbox incident weekend peak promotion sale channel sync delta full
runs every minutes hours after before when if and or but not with from to by on in at for of is are`)

func sentence(rng *rand.Rand, minWords, maxWords int) string {
	n := minWords + rng.IntN(maxWords-minWords+1)
	ws := make([]string, n)
	for i := range ws {
		ws[i] = words[rng.IntN(len(words))]
	}
	s := strings.Join(ws, " ")
	return strings.ToUpper(s[:1]) + s[1:] + "."
}

func paragraph(rng *rand.Rand) string {
	lines := rng.IntN(4)
	parts := make([]string, lines)
	for i := range parts {
		parts[i] = sentence(rng, 8, 24)
	}
	return strings.Join(parts, "\n")
}
