pipeline "demo" {
  graph { # ERROR: Missing client_id
    tenant_id = "contoso.onmicrosoft.com"
    auth      = "client_secret" # ERROR: Missing client_secret
  }
  state { key = env("GRAPHLAKE_STATE_KEY") }
  destination "local" { path = "./lake" }
  source "users" {}
}
