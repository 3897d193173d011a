// Package inventoryfiles writes the client files the inventory import tests
// read: a LeanIX-style workbook, plain CSV, draw.io diagrams plain and
// compressed, a Structurizr workspace. The model, command and end-to-end
// tests import the same files, so each says the same landscape.
package inventoryfiles

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"encoding/base64"
	"net/url"
	"testing"

	"github.com/xuri/excelize/v2"
)

// LeanIXWorkbook is a LeanIX-style export: an Application sheet and an
// Interface sheet naming provider, consumer and middleware.
func LeanIXWorkbook(t testing.TB, sheets map[string][][]string) []byte {
	t.Helper()
	wb := excelize.NewFile()
	defer wb.Close()
	first := true
	for _, name := range []string{"Applications", "Interfaces", "Read me"} {
		rows, ok := sheets[name]
		if !ok {
			continue
		}
		if first {
			if err := wb.SetSheetName("Sheet1", name); err != nil {
				t.Fatal(err)
			}
			first = false
		} else if _, err := wb.NewSheet(name); err != nil {
			t.Fatal(err)
		}
		for r, row := range rows {
			cell, _ := excelize.CoordinatesToCellName(1, r+1)
			vals := make([]any, len(row))
			for i, v := range row {
				vals[i] = v
			}
			if err := wb.SetSheetRow(name, cell, &vals); err != nil {
				t.Fatal(err)
			}
		}
	}
	var buf bytes.Buffer
	if err := wb.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// LeanIXSheets are an Applications sheet (with a fact sheet that is no
// system) and an Interfaces sheet through Boomi, the shop called shopName.
func LeanIXSheets(shopName string) map[string][][]string {
	return map[string][][]string{
		"Applications": {
			{"ID", "Type", "Name", "Description", "Lifecycle"},
			{"a-1", "Application", shopName, "the web shop", "active"},
			{"a-2", "Application", "SAP S/4HANA", "", "active"},
			{"a-3", "ITComponent", "Boomi", "integration platform", "active"},
			{"a-4", "BusinessCapability", "Sell online", "", ""},
		},
		"Interfaces": {
			{"id", "type", "name", "Provider Application", "Consumer Application", "Middleware", "Data Object"},
			{"i-1", "Interface", "Web orders", shopName, "SAP S/4HANA", "Boomi", "Orders"},
			{"i-2", "Interface", "Stock levels", "SAP S/4HANA", shopName, "", ""},
		},
	}
}

// PlainCSV is a systems sheet with semicolons, as European Excel saves it.
const PlainCSV = "System;Kind;Notes\nShopify;storefront;\nAkeneo;;product data\nNetSuite;ERP system;\n\n"

// PlainFlowsCSV is a flows sheet naming its systems by name.
const PlainFlowsCSV = "Flow name,From,To,Via,Domain,Pattern\nProducts to shop,Akeneo,Shopify,Celigo,catalog,batch\n,Shopify,NetSuite,,order,real-time API\n"

// drawIOModel is a landscape: a shop, an ERP and MuleSoft in between, an
// arrow through MuleSoft and one straight.
func drawIOModel(shop string) string {
	return `<mxGraphModel><root><mxCell id="0"/><mxCell id="1" parent="0"/>` +
		`<mxCell id="v1" value="` + shop + `" style="rounded=1;" vertex="1" parent="1"/>` +
		`<mxCell id="v2" value="&lt;b&gt;Microsoft&lt;/b&gt; Business Central" vertex="1" parent="1"/>` +
		`<UserObject id="v3" label="MuleSoft"><mxCell style="shape=hexagon;" vertex="1" parent="1"/></UserObject>` +
		`<mxCell id="v4" value="Notes for the room" style="text;html=1;" vertex="1" parent="1"/>` +
		`<mxCell id="e1" value="orders" edge="1" parent="1" source="v1" target="v3"/>` +
		`<mxCell id="e2" value="orders" edge="1" parent="1" source="v3" target="v2"/>` +
		`<mxCell id="e3" edge="1" parent="1" source="v2" target="v1"/>` +
		`<mxCell id="e3l" value="stock feed" style="edgeLabel;" vertex="1" parent="e3"/>` +
		`</root></mxGraphModel>`
}

// PlainDrawIO is the landscape as an uncompressed page.
func PlainDrawIO(shop string) []byte {
	return []byte(`<mxfile host="app.diagrams.net"><diagram id="p1" name="Landscape">` + drawIOModel(shop) + `</diagram></mxfile>`)
}

// CompressedDrawIO stores the page as draw.io does when compression is on.
func CompressedDrawIO(t testing.TB, shop string) []byte {
	t.Helper()
	var buf bytes.Buffer
	w, err := flate.NewWriter(&buf, flate.BestCompression)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.Write([]byte(url.PathEscape(drawIOModel(shop)))); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return []byte(`<mxfile><diagram id="p1" name="Landscape">` + base64.StdEncoding.EncodeToString(buf.Bytes()) + `</diagram></mxfile>`)
}

// StructurizrJSON is a workspace: a shop, an ERP with a container, Kafka
// between them, a person, and a relationship Structurizr implied.
func StructurizrJSON(shop string) []byte {
	return []byte(`{"name":"Commerce","model":{
 "people":[{"id":"p1","name":"Shopper","relationships":[{"id":"r0","sourceId":"p1","destinationId":"1","description":"buys"}]}],
 "softwareSystems":[
  {"id":"1","name":"` + shop + `","description":"the shop","relationships":[{"id":"r1","sourceId":"1","destinationId":"3","description":"Sends orders","technology":"Kafka","interactionStyle":"Asynchronous"}]},
  {"id":"2","name":"Infor M3","containers":[{"id":"2a","name":"M3 API","relationships":[{"id":"r2","sourceId":"2a","destinationId":"1","description":"Publishes prices","technology":"REST"}]}]},
  {"id":"3","name":"Kafka","tags":"Element,Software System","relationships":[{"id":"r3","sourceId":"3","destinationId":"2","description":"Sends orders"},{"id":"r4","sourceId":"3","destinationId":"2a","description":"implied","linkedRelationshipId":"r3"}]}
 ]}}`)
}

// ZipBomb is an xlsx-named zip whose one sheet inflates to mb megabytes of
// zeros from a file a thousandth of that.
func ZipBomb(t testing.TB, mb int) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, err := zw.Create("xl/worksheets/sheet1.xml")
	if err != nil {
		t.Fatal(err)
	}
	zeros := make([]byte, 1<<20)
	for range mb {
		if _, err := w.Write(zeros); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}
