-- GET /conversations/counts: the latest tick's totals plus the folder moves committed since
select t.unassigned + count(*) filter (where e.to_folder = 'unassigned') - count(*) filter (where e.from_folder = 'unassigned'),
       t.assigned + count(*) filter (where e.to_folder = 'assigned') - count(*) filter (where e.from_folder = 'assigned'),
       t.archived + count(*) filter (where e.to_folder = 'archived') - count(*) filter (where e.from_folder = 'archived')
from (select snap, unassigned, assigned, archived from outbox_tick order by id desc limit 1) t
left join outbox_event e on e.tx_id >= pg_snapshot_xmin(t.snap) and not pg_visible_in_snapshot(e.tx_id, t.snap)
group by t.unassigned, t.assigned, t.archived;
