pipeline "demo" {
  graph {
    endpoint       = "http://127.0.0.1:8080/v1.0" # ERROR: Invalid endpoint
    authority_host = "login.microsoftonline.com" # ERROR: Invalid authority_host
    tenant_id      = "contoso.onmicrosoft.com"
    client_id      = "00000000-0000-0000-0000-000000000001"
    client_secret  = env("GRAPH_CLIENT_SECRET")
  }
  state { key = env("GRAPHLAKE_STATE_KEY") }
  destination "local" { path = "./lake" }
  source "users" {}
}
