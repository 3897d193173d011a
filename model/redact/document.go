package redact

import "archreview/model"

// CredentialPlaces lists the places in d whose text looks like a credential
// or holds Mark, so a finding can name where a credential was written
// without quoting it.
func CredentialPlaces(d *model.Document) []model.TextPlace {
	var found []model.TextPlace
	model.WalkText(d, func(at model.TextPlace, text *string) {
		if *text != "" && mentionsCredential(*text) {
			found = append(found, at)
		}
	})
	return found
}

// Document replaces every credential in every free text of d with Mark, in
// place: private notes too, when d still has them.
func Document(d *model.Document) {
	model.WalkText(d, func(_ model.TextPlace, text *string) { *text = Text(*text) })
}
