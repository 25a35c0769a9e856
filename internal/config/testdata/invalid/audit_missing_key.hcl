pipeline "audit" {
  graph {
    tenant_id     = "contoso.onmicrosoft.com"
    client_id     = "00000000-0000-0000-0000-000000000001"
    client_secret = env("GRAPH_CLIENT_SECRET")
  }
  state { key = env("GRAPHLAKE_STATE_KEY") }
  destination "local" { path = "./lake" }
  audit {} # ERROR: The audit block needs signing_key
  source "users" {}
}
