-- the first page of the Assigned folder with its assignees' names (one row more tells whether a next page exists)
select c.*, a.name from conversation c left join agent a on a.id = c.assignee_id
where c.status = 'ASSIGNED'
order by c.updated_at desc, c.id desc limit 26;
