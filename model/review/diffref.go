package review

import "strings"

// ChangeRef is a system's or a flow's link to the inventory it was
// imported from set, changed or cleared: Ref is the newer version's id in
// that inventory, OldRef the older one's, either empty. It is a minor
// change: the headline does not count it.
const ChangeRef = "ref"

// refChanged says whether the inventory id differs between two versions,
// and gives both trimmed.
func refChanged(o, n string) (oldRef, newRef string, changed bool) {
	oldRef, newRef = strings.TrimSpace(o), strings.TrimSpace(n)
	return oldRef, newRef, oldRef != newRef
}

// systemRef adds the system's ref set, changed or cleared.
func (c *Changes) systemRef(id, name, o, n string) {
	if o, n, ok := refChanged(o, n); ok {
		c.Systems = append(c.Systems, SystemChange{Kind: ChangeRef, System: id, Name: name, OldRef: o, Ref: n})
	}
}

// flowRef adds the flow's ref set, changed or cleared.
func (c *Changes) flowRef(id, name, o, n string) {
	if o, n, ok := refChanged(o, n); ok {
		c.Flows = append(c.Flows, FlowChange{Kind: ChangeRef, Flow: id, Name: name, OldRef: o, Ref: n})
	}
}
