package inventory

import (
	"errors"
	"fmt"

	"github.com/go-json-experiment/json"
)

// A Structurizr workspace (structurizr export -format json): its software
// systems and their containers are systems, their relationships flows.
// People are no systems, and a component's relationships are its
// container's.

type szElement struct {
	ID            string           `json:"id"`
	Name          string           `json:"name"`
	Description   string           `json:"description"`
	Technology    string           `json:"technology"`
	Tags          string           `json:"tags"`
	Relationships []szRelationship `json:"relationships"`
	Containers    []szElement      `json:"containers"`
	Components    []szElement      `json:"components"`
}

type szRelationship struct {
	ID               string `json:"id"`
	SourceID         string `json:"sourceId"`
	DestinationID    string `json:"destinationId"`
	Description      string `json:"description"`
	Technology       string `json:"technology"`
	InteractionStyle string `json:"interactionStyle"`
	// LinkedRelationshipID marks a relationship Structurizr implied from
	// another one, between the elements around it: the other is the flow.
	LinkedRelationshipID string `json:"linkedRelationshipId"`
}

type szWorkspace struct {
	Model *struct {
		People          []szElement `json:"people"`
		SoftwareSystems []szElement `json:"softwareSystems"`
	} `json:"model"`
}

func parseStructurizr(b *builder, data []byte, opt Options) error {
	if err := checkJSONDepth(data); err != nil {
		return err
	}
	var ws szWorkspace
	if err := json.Unmarshal(data, &ws); err != nil {
		return fmt.Errorf("is not a Structurizr workspace that can be read: %v", err)
	}
	if ws.Model == nil || len(ws.Model.SoftwareSystems) == 0 {
		return errors.New("is not a Structurizr workspace: it has no model with software systems (an archreview export is imported with archreview import)")
	}
	if opt.Sheet != "" || len(opt.Columns) > 0 {
		return errors.New("is a Structurizr workspace, which has no sheets or columns for --sheet or --map to name")
	}
	systemOf := map[string]int{} // element id → system
	person := map[string]string{}
	for _, p := range ws.Model.People {
		person[p.ID] = p.Name
	}
	var rels []szRelationship
	add := func(e szElement, name string) int {
		i := b.system(System{Ref: "structurizr:" + e.ID, Name: name, Notes: e.Description, At: "element " + e.ID})
		systemOf[e.ID] = i
		rels = append(rels, e.Relationships...)
		return i
	}
	for _, p := range ws.Model.People {
		rels = append(rels, p.Relationships...)
	}
	for _, s := range ws.Model.SoftwareSystems {
		add(s, s.Name)
		for _, c := range s.Containers {
			name := c.Name
			if _, taken := b.lookup(name); taken {
				name = s.Name + " " + c.Name
			}
			i := add(c, name)
			for _, k := range c.Components {
				systemOf[k.ID] = i
				rels = append(rels, k.Relationships...)
			}
		}
	}
	var edges []edge
	for _, r := range rels {
		at := "relationship " + r.ID
		if r.Description != "" {
			at += fmt.Sprintf(" (%q)", r.Description)
		}
		if r.LinkedRelationshipID != "" {
			continue // implied by the one it links to, which is read itself
		}
		from, okFrom := systemOf[r.SourceID]
		to, okTo := systemOf[r.DestinationID]
		switch {
		case person[r.SourceID] != "" || person[r.DestinationID] != "":
			b.leaveOut("%s: it involves a person, not only systems", at)
			continue
		case !okFrom:
			return fmt.Errorf("%s ends at nothing: its source %q is no element of the model", at, r.SourceID)
		case !okTo:
			return fmt.Errorf("%s ends at nothing: its destination %q is no element of the model", at, r.DestinationID)
		}
		edges = append(edges, edge{ref: "structurizr:" + r.ID, label: r.Description, at: at, from: from, to: to,
			pattern: r.Technology + " " + r.InteractionStyle})
	}
	b.addEdges(edges)
	return nil
}

// checkJSONDepth refuses JSON nested deeper than any workspace is, before
// it is decoded.
func checkJSONDepth(data []byte) error {
	depth, inString, escaped := 0, false, false
	for _, c := range data {
		switch {
		case escaped:
			escaped = false
		case inString && c == '\\':
			escaped = true
		case c == '"':
			inString = !inString
		case inString:
		case c == '{' || c == '[':
			if depth++; depth > maxDepth {
				return fmt.Errorf("nests its JSON over %d levels deep, deeper than any workspace; it is not imported", maxDepth)
			}
		case c == '}' || c == ']':
			depth--
		}
	}
	return nil
}
