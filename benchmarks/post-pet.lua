-- wrk script for the load run's POST targets: a new pet as JSON (valid against the quickstart's Pet model).
wrk.method = "POST"
wrk.body = '{"name":"Rex","type":"dog","price":249.99}'
wrk.headers["Content-Type"] = "application/json"
