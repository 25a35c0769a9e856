pipeline "demo" {
  graph {
    tenant_id     = "contoso.onmicrosoft.com"
    client_id     = "00000000-0000-0000-0000-000000000001"
    client_secret = env("GRAPH_CLIENT_SECRET")
  }
  graph { tenant_id = "fabrikam.com" } # ERROR: Duplicate graph block
  state { key = env("GRAPHLAKE_STATE_KEY") }
  state { key = env("GRAPHLAKE_STATE_KEY") } # ERROR: Duplicate state block
  destination "local" { path = "./lake" }
  destination "local" { path = "./other" } # ERROR: Duplicate destination block
  source "users" {}
}
