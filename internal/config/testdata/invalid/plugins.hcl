pipeline "demo" {
  graph {
    tenant_id     = "contoso.onmicrosoft.com"
    client_id     = "00000000-0000-0000-0000-000000000001"
    client_secret = env("GRAPH_CLIENT_SECRET")
  }
  state { key = env("GRAPHLAKE_STATE_KEY") }
  destination "local" { path = "./lake" }
  source "missing" { plugin = "./no-such-plugin" } # ERROR: Plugin not found
  source "plain" { plugin = "../plugins/not-executable" } # ERROR: Plugin is not executable
  source "folder" { plugin = "../plugins/" } # ERROR: Plugin is not executable
  source "usres" {} # ERROR: Unknown plugin # ERROR: Did you mean "users"?
  source "staff" { plugin = "gruops" } # ERROR: Unknown plugin # ERROR: Did you mean "groups"?
}
