-- POST /leads/validate with the seed's own example body.
wrk.method = "POST"
wrk.body = '{"first_name":"John","last_name":"Doe","date_of_birth":"1985-03-15",' ..
  '"email":"john@example.com","phone":"5551234567","company_name":"Example Corp",' ..
  '"residential_street":"123 Main St","residential_city":"Los Angeles","residential_state":"CA",' ..
  '"residential_zip":"90001","notes":"Optional notes","funding_type":"Term Loan",' ..
  '"utm_source":"my-website","utm_medium":"api","utm_campaign":"q1-leads"}'
