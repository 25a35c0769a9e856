# Every argument the host reads, against the emulator.
pipeline "full" {
  schedule = "15m"
  graph {
    endpoint             = "https://127.0.0.1:8443/v1.0/"
    authority_host       = "https://127.0.0.1:8443/"
    tenant_id            = "11111111-2222-4333-8444-555555555555"
    client_id            = "00000000-0000-0000-0000-000000000001"
    auth                 = "certificate"
    certificate_file     = "app.pem"
    certificate_password = env("CERT_PASSWORD", "")
    ca_file              = "sim-ca.pem"
    scope                = "https://127.0.0.1:8443/.default"
  }
  state { key = env("GRAPHLAKE_STATE_KEY") }
  destination "local" { path = "/var/lake" }
  source "users" {
    select = ["displayName", "mail", "accountEnabled"]
    filter = trimspace(file("filter.txt"))
    page   = 999
    deep   = { on = true, tags = ["a", "b"] }
  }
  source "staff" {
    plugin = "users"
    select = ["displayName"]
  }
  source "custom" { plugin = "../plugins/echo-plugin" }
  lake { compact_every = 12 }
}
