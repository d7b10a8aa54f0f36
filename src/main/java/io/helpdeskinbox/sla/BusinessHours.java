package io.helpdeskinbox.sla;

import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * When a helpdesk is open: weekly periods in a time zone, and holidays. Business time is the time
 * that passes while it is open; an SLA target counted in business hours is due once that much of it
 * has passed.
 *
 * <p>Periods are local times: {@code 09:00-17:30} is 09:00 to 17:30 on the wall clock of the zone,
 * whatever the offset that day, so a period that a DST change crosses is an hour shorter or longer
 * (a local time skipped by the change moves later by the gap, as {@link ZonedDateTime#of} does). A
 * period whose close is not after its open runs past midnight into the next day ({@code 22:00-02:00});
 * open equal to close is the whole day ({@code 00:00-00:00}). A holiday closes every period that
 * starts on that date; a night period that started the evening before runs to its end. Periods may
 * not overlap, past midnight included: each instant is open at most once.
 */
public final class BusinessHours {

    /** How far ahead a due time is looked for: a calendar open this rarely is a mistake, not a target. */
    private static final int MAX_DAYS_AHEAD = 4 * 366;
    private static final int MINUTES_PER_WEEK = 7 * 24 * 60;

    private final ZoneId zone;
    private final List<Period> weekly;
    private final Set<LocalDate> holidays;

    /** One weekly opening: on {@code day}, from {@code open} to {@code close} (past midnight when not after it). */
    public record Period(DayOfWeek day, LocalTime open, LocalTime close) {

        public Period {
            Objects.requireNonNull(day, "day");
            Objects.requireNonNull(open, "open");
            Objects.requireNonNull(close, "close");
        }

        Duration localLength() {
            Duration length = Duration.between(open, close);
            return length.isNegative() || length.isZero() ? length.plusDays(1) : length;
        }

        int startMinuteOfWeek() {
            return (day.getValue() - 1) * 24 * 60 + open.getHour() * 60 + open.getMinute();
        }
    }

    /** A calendar refused, with the field at fault (for a 400 naming it). */
    public static final class InvalidHoursException extends IllegalArgumentException {

        private final String field;

        InvalidHoursException(String field, String message) {
            super(message);
            this.field = field;
        }

        public String field() {
            return field;
        }
    }

    private BusinessHours(ZoneId zone, List<Period> weekly, Set<LocalDate> holidays) {
        this.zone = zone;
        this.weekly = weekly;
        this.holidays = holidays;
    }

    /**
     * @throws InvalidHoursException for an unknown time zone ({@code timezone}) or periods that
     *     overlap, past midnight included ({@code weekly})
     */
    public static BusinessHours of(String timezone, List<Period> weekly, Set<LocalDate> holidays) {
        ZoneId zone;
        try {
            zone = ZoneId.of(Objects.requireNonNull(timezone, "timezone"));
        } catch (DateTimeException unknown) {
            throw new InvalidHoursException("timezone", "is not a time zone of the IANA database (such as Europe/Madrid)");
        }
        requireNoOverlap(weekly);
        return new BusinessHours(zone, List.copyOf(weekly), Set.copyOf(holidays));
    }

    public ZoneId zone() {
        return zone;
    }

    /** Whether it is open at {@code at}. */
    public boolean isOpenAt(Instant at) {
        for (Interval open : intervalsAround(at.atZone(zone).toLocalDate().minusDays(1), 3)) {
            if (open.contains(at)) {
                return true;
            }
        }
        return false;
    }

    /**
     * When {@code businessTime} of open time has passed after {@code start}: the due time of a target
     * counted in business hours. Zero is {@code start} itself.
     *
     * @throws IllegalStateException when it is never open that much within about four years
     */
    public Instant plus(Instant start, Duration businessTime) {
        if (businessTime.isNegative()) {
            throw new IllegalArgumentException("business time is not negative: " + businessTime);
        }
        if (businessTime.isZero()) {
            return start;
        }
        Duration remaining = businessTime;
        LocalDate from = start.atZone(zone).toLocalDate().minusDays(1); // a night period of the day before
        for (int day = 0; day < MAX_DAYS_AHEAD; day += 7) {
            for (Interval open : intervalsAround(from.plusDays(day), 7)) {
                if (!open.end().isAfter(start)) {
                    continue;
                }
                Instant begin = open.start().isAfter(start) ? open.start() : start;
                Duration available = Duration.between(begin, open.end());
                if (available.compareTo(remaining) >= 0) {
                    return begin.plus(remaining);
                }
                remaining = remaining.minus(available);
                start = open.end();
            }
        }
        throw new IllegalStateException("open less than " + businessTime + " within " + MAX_DAYS_AHEAD + " days");
    }

    /** How much open time lies between {@code from} and {@code to} (zero when {@code to} is not after {@code from}). */
    public Duration between(Instant from, Instant to) {
        Duration total = Duration.ZERO;
        if (!to.isAfter(from)) {
            return total;
        }
        LocalDate first = from.atZone(zone).toLocalDate().minusDays(1);
        long days = ChronoUnit.DAYS.between(first, to.atZone(zone).toLocalDate()) + 1;
        for (Interval open : intervalsAround(first, (int) days)) {
            Instant begin = open.start().isAfter(from) ? open.start() : from;
            Instant end = open.end().isBefore(to) ? open.end() : to;
            if (end.isAfter(begin)) {
                total = total.plus(Duration.between(begin, end));
            }
        }
        return total;
    }

    private record Interval(Instant start, Instant end) {

        boolean contains(Instant at) {
            return !at.isBefore(start) && at.isBefore(end);
        }
    }

    /** The open intervals of the periods starting on {@code days} dates from {@code first}, in time order. */
    private List<Interval> intervalsAround(LocalDate first, int days) {
        List<Interval> intervals = new ArrayList<>();
        for (int i = 0; i < days; i++) {
            LocalDate date = first.plusDays(i);
            if (holidays.contains(date)) {
                continue;
            }
            for (Period period : weekly) {
                if (period.day() != date.getDayOfWeek()) {
                    continue;
                }
                Instant start = ZonedDateTime.of(date, period.open(), zone).toInstant();
                LocalDate closing = period.close().isAfter(period.open()) ? date : date.plusDays(1);
                Instant end = ZonedDateTime.of(closing, period.close(), zone).toInstant();
                if (end.isAfter(start)) { // a period inside a DST gap has no time at all that day
                    intervals.add(new Interval(start, end));
                }
            }
        }
        intervals.sort(Comparator.comparing(Interval::start));
        return intervals;
    }

    /** Periods as minutes of a week (a cycle: Sunday night runs into Monday), none overlapping another. */
    private static void requireNoOverlap(List<Period> weekly) {
        List<Period> sorted = weekly.stream().sorted(Comparator.comparingInt(Period::startMinuteOfWeek)).toList();
        for (int i = 0; i < sorted.size(); i++) {
            Period period = sorted.get(i);
            Period next = sorted.get((i + 1) % sorted.size());
            long end = period.startMinuteOfWeek() + period.localLength().toMinutes();
            long nextStart = next.startMinuteOfWeek() + (i + 1 == sorted.size() ? MINUTES_PER_WEEK : 0);
            if (sorted.size() > 1 ? end > nextStart : period.localLength().toMinutes() > MINUTES_PER_WEEK) {
                throw new InvalidHoursException("weekly", "has periods that overlap: " + describe(period) + " and "
                        + describe(next));
            }
        }
    }

    private static String describe(Period period) {
        return period.day() + " " + period.open() + "-" + period.close();
    }
}
