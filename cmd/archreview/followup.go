package main

import (
	"fmt"

	"github.com/archreview/archreview/model"
	"github.com/archreview/archreview/model/review"
	"github.com/archreview/archreview/store"
)

// createFollowUp starts the next review from a session of the database
// (`new NAME --from SESSION`) and prints its id: the map, the answers, the
// decisions and the risks carry over, every step starts not done. A pack
// given replaces the previous review's.
func (a *app) createFollowUp(name, from, client, facilitator string, pack *model.PackRef) error {
	return a.withStore(func(st *store.Store) error {
		info, err := st.Resolve(from)
		if err != nil {
			return err
		}
		prev, err := st.Load(info.ID)
		if err != nil {
			return err
		}
		doc := review.FollowUp(prev, model.Session{ID: model.NewID(), Name: name, Client: client, Facilitator: facilitator}, a.now())
		if pack != nil {
			doc.Pack = pack
		}
		if err := st.Create(doc); err != nil {
			return err
		}
		fmt.Fprintln(a.out, doc.Session.ID)
		return nil
	})
}
