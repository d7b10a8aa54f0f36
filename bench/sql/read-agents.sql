-- GET /agents: every active agent with its counter
select * from agent where active order by id;
