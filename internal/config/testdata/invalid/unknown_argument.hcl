pipeline "demo" {
  graph { # ERROR: Missing tenant_id
    tenant_di     = "contoso.onmicrosoft.com" # ERROR: An argument named "tenant_di" is not expected here. Did you mean "tenant_id"?
    client_id     = "00000000-0000-0000-0000-000000000001"
    client_secret = env("GRAPH_CLIENT_SECRET")
  }
  state { key = env("GRAPHLAKE_STATE_KEY") }
  destination "local" { path = "./lake" }
  source "users" { select = ["displayName"] }
}
