pipeline "demo" { # ERROR: Missing graph block # ERROR: Missing state block # ERROR: Missing destination block
  source "users" {}
}
