package graphtest

import (
	"encoding/base64"
	"fmt"
	"math/rand/v2"
)

// deviceKinds are the operating systems, versions and models generated.
var deviceKinds = []struct{ os, version, maker, model, prefix string }{
	{"Windows", "10.0.22631.4460", "Dell Inc.", "Latitude 7440", "DESKTOP-"},
	{"Windows", "10.0.26100.2314", "LENOVO", "ThinkPad T14 Gen 4", "LAPTOP-"},
	{"iOS", "17.6.1", "Apple", "iPhone 15", "iPhone-"},
	{"MacMDM", "14.6.1", "Apple", "MacBookPro18,3", "MBP-"},
	{"Android", "14.0", "samsung", "SM-S918B", "Galaxy-"},
}

// devices declares the devices: joined, registered and hybrid, managed or
// not, deleted for good.
func (g objectGen) devices(count int) Resource {
	return Resource{Path: "devices", Type: "device", Count: count,
		Properties: []Property{prop("accountEnabled", Bool), fixed("deviceId", String), prop("displayName", String),
			prop("operatingSystem", String), prop("operatingSystemVersion", String), fixed("manufacturer", String),
			fixed("model", String), fixed("trustType", String), prop("profileType", String), prop("isCompliant", Bool),
			prop("isManaged", Bool), prop("deviceOwnership", String), prop("enrollmentType", String),
			prop("managementType", String), prop("mdmAppId", String), fixed("registrationDateTime", String),
			prop("approximateLastSignInDateTime", String), prop("physicalIds", Array),
			prop("alternativeSecurityIds", Array), prop("onPremisesSyncEnabled", Bool)},
		Generate: func(rng *rand.Rand, i int) map[string]any {
			k := deviceKinds[rng.IntN(len(deviceKinds))]
			id := guid(rng)
			trust := "AzureAd"
			switch {
			case k.os != "Windows":
				trust = "Workplace"
			case rng.IntN(3) == 0:
				trust = "ServerAd"
			}
			managed := rng.IntN(5) != 0
			v := map[string]any{"accountEnabled": rng.IntN(15) != 0, "deviceId": id,
				"displayName": fmt.Sprintf("%s%04d", k.prefix, i), "operatingSystem": k.os, "operatingSystemVersion": k.version,
				"manufacturer": k.maker, "model": k.model, "trustType": trust, "profileType": "RegisteredDevice",
				"isCompliant": managed && rng.IntN(6) != 0, "isManaged": managed,
				"deviceOwnership": []string{"Company", "Company", "Personal"}[rng.IntN(3)],
				"enrollmentType":  nil, "managementType": nil, "mdmAppId": nil,
				"registrationDateTime":          day(rng.IntN(700)),
				"approximateLastSignInDateTime": fmt.Sprintf("2025-12-%02dT%02d:%02d:00Z", 1+rng.IntN(31), rng.IntN(24), rng.IntN(60)),
				"physicalIds":                   []string{"[USER-GID]:" + guid(rng)},
				"alternativeSecurityIds": []map[string]any{{"type": 2, "identityProvider": nil,
					"key": base64.StdEncoding.EncodeToString([]byte("X509:<SHA1-TP-PUBKEY>" + id))}},
				"onPremisesSyncEnabled": nil}
			if managed {
				v["enrollmentType"], v["managementType"], v["mdmAppId"] = "AzureDomainJoined", "MDM", "0000000a-0000-0000-c000-000000000000"
			}
			if trust == "ServerAd" {
				v["onPremisesSyncEnabled"] = true
			}
			return v
		}}
}
