-- the first page of the Unassigned folder with its assignees' names (one row more tells whether a next page exists)
select c.*, a.name from conversation c left join agent a on a.id = c.assignee_id
where c.status = 'UNASSIGNED'
order by c.waiting_since, c.id limit 26;
