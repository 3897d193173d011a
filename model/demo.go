package model

import "time"

// demoEpoch fixes the demo's ids, so adding the demo twice finds the first
// copy instead of making a second.
var demoEpoch = time.Date(2024, 3, 4, 9, 0, 0, 0, time.UTC)

func demoID(n uint64) string { return NewIDAt(demoEpoch, n) }

// DemoSessionID is the id the demo session always has.
var DemoSessionID = demoID(1)

// Demo builds a realistic sample review of a fictional mid-market outdoor
// retailer, dated today: a storefront, ERP, PIM, a 3PL warehouse, an iPaaS, a
// nightly CSV stock drop and a price spreadsheet, with enough trouble in it
// that the summary has things to say, and the business case a partner's
// pack is made of.
func Demo(now time.Time) *Document {
	d := DemoAnswers(now)
	demoBusinessCase(d, now)
	return d
}

// DemoAnswers is the demo's workshop as the room answered it, before the
// business case (money, effort, dates, decisions asked, target state and
// document control) is added to it.
func DemoAnswers(now time.Time) *Document {
	now = now.UTC().Truncate(time.Second)
	stamp := now.Format(time.RFC3339)

	sys := func(n uint64, name string, kind SystemKind, notes string) System {
		return System{ID: demoID(n), Name: name, Kind: kind, Notes: notes}
	}
	storefront := sys(10, "Shopify Plus storefront", "storefront", "Web shop and mobile site; merchandisers also edit sale prices in the admin.")
	erp := sys(11, "Business Central ERP", "erp", "Finance, purchasing and the stock ledger. Partner-hosted; upgrades twice a year.")
	pim := sys(12, "Akeneo PIM", "pim", "Product copy, attributes and images. Owned by the e-commerce content team.")
	wms := sys(13, "3PL warehouse (WMS)", "wms", "Outsourced fulfilment; we only see their portal and a nightly stock file.")
	ipaas := sys(14, "Celigo iPaaS", "ipaas", "Flows built by a former contractor; nobody in-house has edited them in a year.")
	csv := sys(15, "Nightly stock CSV (SFTP)", "file-drop", "3PL drops stock_YYYYMMDD.csv at 01:00; a scheduled import reads it at 02:00.")
	sheet := sys(16, "Price spreadsheet", "manual-workaround", "Excel on SharePoint kept by the trading team; uploaded to the storefront by hand.")
	amazon := sys(17, "Amazon marketplace", "marketplace", "About 18% of revenue; listings and stock pushed from the ERP.")
	crm := sys(18, "Klaviyo", "crm", "Email and SMS marketing; customer profiles and consent.")
	adyen := sys(19, "Adyen payments", "payment", "Card and wallet payments; settlement reports daily.")

	flows := []Flow{
		{
			ID: demoID(100), Name: "Web orders to ERP", Domain: "order",
			From: storefront.ID, To: erp.ID, Via: ipaas.ID,
			Source: SourceStep{
				System: storefront.ID, OtherWriters: []string{erp.ID}, ConflictRule: ConflictManual,
				Identifiers:  "Shopify order name (#1001...) stored in an ERP custom field; no shared customer id.",
				DataQuality:  "Edited orders (address changes after checkout) are not re-sent; customer service re-keys them in the ERP.",
				Notes:        "Order capture is Shopify; everything after payment is the ERP's.",
				PrivateNotes: "Head of e-commerce and the finance lead disagree about who owns order edits; keep it neutral.",
				Done:         true,
			},
			Contract: ContractStep{
				Pattern:          PatternEventDriven,
				PatternRationale: "Orders must reach the warehouse the same day; the webhook was the connector's default.",
				Timing:           "Shopify orders/create webhook, processed by Celigo within ~2 minutes.",
				Transport:        "Webhook into Celigo, then Business Central OData API.",
				Payload:          "Shopify order JSON, mapped in Celigo; no versioned contract.",
				FieldMappings:    "In the Celigo flow only; discount lines and gift cards mapped by a contractor.",
				RateLimits:       "Business Central API throttles at 600 requests/min; peak day hit it for 40 minutes last year.",
				Idempotency:      IdempotencyNone,
				Environments:     "Celigo sandbox points at a BC test company that is a year out of date.",
				Done:             true,
			},
			Failure: FailureStep{
				Retries:         "Celigo retries three times, then the record sits in the error dashboard.",
				RetryLevel:      RetryAutomatic,
				Monitoring:      "Celigo error emails go to a shared inbox nobody owns.",
				MonitoringLevel: MonitorSharedInbox,
				LastIncident:    "Black Friday: 212 orders stuck for six hours, found when customers called.",
				CostOfDowntime:  "About 40 orders an hour in peak season.",
				Risks: []Risk{
					{ID: demoID(1000), Title: "Webhook retries create duplicate orders in the ERP", Impact: 5, Likelihood: 4,
						RevenueCritical: true, CustomerVisible: true,
						Fix:     "Check the Shopify order id before insert (upsert on the custom field) and reject duplicates.",
						Horizon: HorizonImmediate, Owner: "Integration lead (Priya)"},
					{ID: demoID(1001), Title: "Orders stuck in Celigo errors are found days later", Impact: 4, Likelihood: 4,
						RevenueCritical: true,
						Fix:             "Route Celigo errors to the on-call channel with a 15-minute alert; daily count on the ops dashboard.",
						Horizon:         HorizonImmediate, Owner: "E-commerce ops manager"},
					{ID: demoID(1002), Title: "Peak-day API throttling delays fulfilment", Impact: 4, Likelihood: 3,
						RevenueCritical: true,
						Fix:             "Queue orders and pace calls below the limit; load-test before peak.",
						Horizon:         HorizonRoadmap, Owner: "Integration lead (Priya)", Slice: 2},
				},
			},
			Owner: OwnerStep{
				FlowOwner:      "E-commerce ops manager",
				Failures:       "E-commerce ops (business hours only)",
				Retries:        "Integration lead",
				Dashboards:     "",
				Runbooks:       "",
				ReleaseHandoff: "ERP partner tells us by email before upgrades",
				SupportModel:   "Celigo standard support; ERP partner SLA next business day.",
			},
		},
		{
			ID: demoID(101), Name: "Stock levels to storefront", Domain: "inventory",
			From: wms.ID, To: storefront.ID, Via: csv.ID,
			Source: SourceStep{
				System: wms.ID, ConflictRule: ConflictSingleWriter,
				Identifiers: "SKU; the 3PL pads SKUs with leading zeros, stripped by the import script.",
				DataQuality: "Returns are restocked in the WMS two to three days after they arrive.",
				Done:        true,
			},
			Contract: ContractStep{
				Pattern:          PatternFile,
				PatternRationale: "The 3PL only offers a nightly file; it was the cheapest option at onboarding.",
				Timing:           "File at 01:00, import at 02:00; stock is up to 25 hours old by evening.",
				Transport:        "SFTP on the 3PL's server, pulled by a scheduled script on an office PC.",
				Payload:          "CSV: sku, qty_on_hand, qty_allocated. No header version.",
				Idempotency:      IdempotencyNaturalKey,
				Environments:     "Single SFTP login shared by email; password=Harbour2024! is in the onboarding doc.",
			},
			Failure: FailureStep{
				Retries:         "none",
				RetryLevel:      RetryNone,
				Monitoring:      "none",
				MonitoringLevel: MonitorNone,
				Notes:           "If the file is missing, yesterday's stock stays live and nobody is told.",
				Risks: []Risk{
					{ID: demoID(1010), Title: "Overselling on fast movers between nightly files", Impact: 5, Likelihood: 5,
						RevenueCritical: true, CustomerVisible: true,
						Fix:     "Move to the 3PL's stock API with 15-minute deltas; keep a safety buffer on fast movers meanwhile.",
						Horizon: HorizonRoadmap, Owner: "Head of e-commerce"},
					{ID: demoID(1011), Title: "Missing stock file goes unnoticed", Impact: 4, Likelihood: 3,
						RevenueCritical: true,
						Fix:             "Alert when no file has arrived by 01:30; move the script off the office PC.",
						Horizon:         HorizonImmediate, Owner: ""},
				},
			},
		},
		{
			ID: demoID(102), Name: "Stock to Amazon", Domain: "inventory",
			From: erp.ID, To: amazon.ID, Via: ipaas.ID,
			Source: SourceStep{
				System: erp.ID, OtherWriters: []string{wms.ID}, ConflictRule: ConflictLastWriterWins,
				Identifiers: "ERP item number mapped to ASIN in a Celigo lookup table.",
				DataQuality: "The ERP stock ledger lags the WMS by a day, so Amazon and the web shop disagree.",
			},
			Contract: ContractStep{
				Pattern:          PatternBatch,
				PatternRationale: "Hourly was the connector's default schedule.",
				Timing:           "Hourly full push of all listings.",
				Transport:        "Celigo Amazon connector (SP-API).",
				Idempotency:      IdempotencyNaturalKey,
			},
			Failure: FailureStep{
				Retries:    "Connector retries on the next hourly run.",
				RetryLevel: RetryAutomatic,
				Monitoring: "",
			},
		},
		{
			ID: demoID(103), Name: "Product content to storefront", Domain: "catalog",
			From: pim.ID, To: storefront.ID, Via: ipaas.ID,
			Source: SourceStep{
				System: pim.ID, ConflictRule: ConflictSingleWriter,
				Identifiers: "SKU and a Shopify product id written back to the PIM.",
				DataQuality: "Size charts inconsistent across brands; content team fixing by season.",
				Done:        true,
			},
			Contract: ContractStep{
				Pattern:          PatternBatch,
				PatternRationale: "Content changes are planned by season; a 30-minute delay is fine.",
				Timing:           "Every 30 minutes, changed products only.",
				Transport:        "Akeneo REST API to Celigo to Shopify Admin GraphQL.",
				Payload:          "Akeneo product model; families mapped to Shopify product types.",
				FieldMappings:    "Documented in the PIM team's Confluence page, reviewed each season.",
				RateLimits:       "Shopify GraphQL cost limits; bulk operations used for full reloads.",
				Idempotency:      IdempotencyNaturalKey,
				Environments:     "PIM staging to Shopify development store; credentials in Celigo's vault.",
				Done:             true,
			},
			Failure: FailureStep{
				Retries:         "Celigo retries 3 times; failed products re-sent on the next run.",
				RetryLevel:      RetryAutomatic,
				Monitoring:      "Daily Celigo summary email to the content team lead.",
				MonitoringLevel: MonitorNamedOwner,
				Done:            true,
				Risks: []Risk{
					{ID: demoID(1030), Title: "Image sync fails silently for large galleries", Impact: 3, Likelihood: 2,
						CustomerVisible: true,
						Fix:             "Add a check that every live product has at least one image.",
						Horizon:         HorizonRoadmap, Owner: "Content team lead"},
				},
			},
			Owner: OwnerStep{
				FlowOwner: "Content team lead", Failures: "Content team lead", Retries: "Integration lead",
				Dashboards: "Celigo dashboard", Runbooks: "PIM sync runbook (Confluence)",
				ReleaseHandoff: "PIM team announces model changes two weeks ahead",
				SupportModel:   "Business hours; Akeneo partner support.", Done: true,
			},
		},
		{
			ID: demoID(104), Name: "Prices to storefront", Domain: "price",
			From: sheet.ID, To: storefront.ID,
			Source: SourceStep{
				System: sheet.ID, OtherWriters: []string{storefront.ID, erp.ID}, ConflictRule: ConflictUnknown,
				Identifiers: "SKU, typed by hand.",
				DataQuality: "Sale prices set in the Shopify admin are overwritten by the next spreadsheet upload.",
				Notes:       "The ERP holds cost and list price but nobody treats it as the price master.",
				Done:        true,
			},
			Contract: ContractStep{
				Pattern:          PatternManual,
				PatternRationale: "No integration was ever built; trading uploads a CSV export of the sheet.",
				Timing:           "Mondays, and ad hoc for promotions.",
				Transport:        "CSV upload in the Shopify admin.",
				Idempotency:      IdempotencyUnknown,
			},
			Failure: FailureStep{
				Retries:         "",
				Monitoring:      "Customers email when prices look wrong.",
				MonitoringLevel: MonitorNone,
				Risks: []Risk{
					{ID: demoID(1040), Title: "Wrong price live after a manual upload", Impact: 5, Likelihood: 3,
						RevenueCritical: true, CustomerVisible: true,
						Fix:     "Make the ERP the price master and push prices through the iPaaS with a margin check.",
						Horizon: HorizonRoadmap, Owner: "Trading director", Slice: 2,
						Covers: []string{"SOURCE_NOT_MASTER:" + demoID(104)}, Status: RiskInProgress, Ticket: "INT-142"},
					{ID: demoID(1041), Title: "Promotions end late because nobody removes them", Impact: 3, Likelihood: 4,
						CustomerVisible: true,
						Fix:             "",
						Horizon:         HorizonImmediate, Owner: "Trading director"},
				},
			},
		},
		{
			ID: demoID(105), Name: "Customers to Klaviyo", Domain: "customer",
			From: storefront.ID, To: crm.ID,
			Source: SourceStep{
				System: storefront.ID, ConflictRule: ConflictSingleWriter,
				Identifiers: "Email address; guest checkouts create duplicates.",
				Done:        true,
			},
			Contract: ContractStep{
				Pattern:          PatternRealTime,
				PatternRationale: "Abandoned-cart emails need the profile within minutes.",
				Transport:        "Klaviyo's native Shopify connector.",
				Idempotency:      IdempotencyNaturalKey,
				Environments:     "Connector configured in production only.",
			},
		},
		{
			ID: demoID(106), Name: "Payment settlements to ERP", Domain: "payment",
			From: adyen.ID, To: erp.ID,
			Source: SourceStep{System: adyen.ID, ConflictRule: ConflictSingleWriter, Done: true},
			Contract: ContractStep{
				Pattern:          PatternFile,
				PatternRationale: "Finance reconciles daily from the settlement report.",
				Timing:           "Daily settlement report, downloaded by finance.",
				Idempotency:      IdempotencyUnknown,
			},
			Failure: FailureStep{
				Retries:         "Finance downloads the report again.",
				RetryLevel:      RetryManualReplay,
				Monitoring:      "Month-end reconciliation.",
				MonitoringLevel: MonitorNone,
			},
			Owner: OwnerStep{FlowOwner: "Finance systems accountant"},
		},
		{
			ID: demoID(107), Name: "Order status to storefront", Domain: "order",
			From: erp.ID, To: storefront.ID, Via: ipaas.ID,
			Source: SourceStep{
				ConflictRule: ConflictSingleWriter,
				Identifiers:  "Shopify order name in the ERP custom field.",
				Notes:        "The room split: the ERP owns status after export, the storefront owns the order. Parked.",
			},
			Contract: ContractStep{
				Pattern:          PatternBatch,
				PatternRationale: "Shipment confirmations come from the 3PL into the ERP in batches.",
				Timing:           "Every 30 minutes; tracking numbers included.",
				Transport:        "Celigo: BC OData to Shopify fulfilment API.",
				Idempotency:      IdempotencyKey,
			},
		},
	}

	doc := &Document{
		Schema: SchemaID,
		Session: Session{
			ID:           DemoSessionID,
			Name:         "Demo: Harbour & Pine integration review",
			Client:       "Harbour & Pine Outdoor (fictional)",
			Facilitator:  "Demo facilitator",
			Participants: []string{"Head of e-commerce", "Finance lead", "E-commerce ops manager", "Integration lead", "3PL account manager"},
			Date:         now.Format(DateLayout),
			CreatedAt:    stamp,
			UpdatedAt:    stamp,
			Notes:        "Replatforming the ERP next year; this review sets what the new integrations must fix.",
		},
		Systems: []System{storefront, erp, pim, wms, ipaas, csv, sheet, amazon, crm, adyen},
		Flows:   flows,
		Decided: Decided{
			Domains: []DomainDecision{{
				Name: "price", SourceOfTruth: erp.ID,
				Rationale: "The ERP already holds cost and list price; trading will maintain prices there and the spreadsheet goes.",
				DecidedBy: "Head of e-commerce and finance lead",
			}},
			Risks: []Risk{{
				ID: demoID(3000), Title: "Two systems claim the stock figure", Impact: 4, Likelihood: 4, RevenueCritical: true,
				Fix:     "Make the WMS the stock master and have the ERP read from it; record who decided.",
				Horizon: HorizonImmediate, Owner: "Integration lead",
				Covers: []string{"SOT_CONFLICT:domain:inventory"}, Status: RiskOpen,
			}},
			Triage: []Triage{{
				Finding: "NO_IDEMPOTENCY:" + demoID(106), Status: TriageDismissed,
				Reason: "Finance matches each settlement line to the bank statement by hand; a second import is caught there.",
			}},
		},
		OpenQuestions: []OpenQuestion{
			{ID: demoID(2000), Flow: demoID(101), Step: "failure", Question: "Does the 3PL offer a stock API or delta files, and at what cost?", Ask: "3PL account manager"},
			{ID: demoID(2001), Flow: demoID(104), Step: "source", Question: "Who signs off a price change before it goes live?", Ask: "Trading director"},
			{ID: demoID(2002), Question: "Is the ERP partner contract up for renewal before the replatform?", Ask: "Finance lead"},
			{ID: demoID(2003), Flow: demoID(107), Step: "source", Question: "Which system is the order master once an order is exported to the ERP?", Ask: "Head of e-commerce and finance lead"},
		},
	}
	return doc
}

// demoBusinessCase gives the demo what the room would have said of money,
// effort, dates and the target state, so the demo's pack shows the
// business case, the decisions asked, the target-state map and a dated
// roadmap as a real one would: what an hour of each flow down costs, each
// risk's size, two decisions asked of named people, the order master
// parked, the spreadsheet and the nightly file replaced, and the document
// control of a third draft.
func demoBusinessCase(d *Document, now time.Time) {
	day := func(days int) string { return now.AddDate(0, 0, days).Format(DateLayout) }
	// The roadmap starts on the Monday a week or more after the workshop.
	start := 7 + (8-int(now.Weekday()))%7
	d.Session.Currency = "EUR"
	d.Session.StartDate = day(start)
	d.Session.CapacityDaysPerWeek = 8
	d.Session.DocumentControl = DocumentControl{
		Version:      "0.3",
		Status:       DocumentDraft,
		Distribution: []string{"CIO", "CFO", "Head of e-commerce", "Integration lead"},
		History: []HistoryEntry{
			{Version: "0.1", Date: day(-14), Note: "Notes from the first workshop"},
			{Version: "0.2", Date: day(-7), Note: "Finance's figures for an hour of downtime added"},
			{Version: "0.3", Date: day(0), Note: "Draft for the steering committee"},
		},
	}
	perHour := map[uint64]float64{100: 20000, 101: 6000, 102: 3500, 103: 400, 104: 1500, 105: 300, 106: 2000, 107: 1200}
	effort := map[uint64]Effort{1000: EffortM, 1001: EffortS, 1002: EffortM, 1010: EffortL, 1011: EffortS, 1030: EffortS, 1040: EffortM, 1041: EffortS, 3000: EffortL}
	sized := func(risks []Risk) {
		for i := range risks {
			for n, e := range effort {
				if risks[i].ID == demoID(n) {
					risks[i].Effort = e
				}
			}
		}
	}
	for i := range d.Flows {
		f := &d.Flows[i]
		for n, cost := range perHour {
			if f.ID == demoID(n) {
				f.Failure.DowntimeCostPerHour = cost
			}
		}
		sized(f.Failure.Risks)
	}
	sized(d.Decided.Risks)
	d.Decided.Domains = append(d.Decided.Domains, DomainDecision{
		Name: "order", Status: DomainParked, Ask: "CIO", Due: day(21),
		Rationale: "The ERP owns status after export, the storefront owns the order; the replatform decides which system is the order master.",
	})
	for i := range d.OpenQuestions {
		q := &d.OpenQuestions[i]
		if q.ID == demoID(2000) {
			q.DecisionAsk = DecisionAsk{Decision: true, Due: day(14),
				Options:        []string{"The 3PL's stock API (a fee per call)", "Hourly delta files", "Keep the nightly file"},
				Recommendation: "Hourly delta files: most of the gain, no new contract"}
		}
	}
	stockAPI := System{ID: demoID(20), Name: "3PL stock feed (hourly deltas)", Kind: "file-drop",
		Notes:  "Planned: the 3PL's hourly delta files in place of the nightly full file.",
		Target: Target{Action: TargetIntroduce, Slice: 1}}
	for i := range d.Systems {
		switch d.Systems[i].ID {
		case demoID(15): // the nightly stock CSV
			d.Systems[i].Target = Target{Action: TargetReplace, By: stockAPI.ID, Slice: 1}
		case demoID(16): // the price spreadsheet: prices move to the ERP
			d.Systems[i].Target = Target{Action: TargetReplace, By: demoID(11), Slice: 2}
		}
	}
	d.Systems = append(d.Systems, stockAPI)
}
