package io.helpdeskinbox.sla;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * What must hold of business time whatever the calendar: random weekly periods (past midnight and
 * whole days included) in zones with and without DST (Lord Howe's is half an hour), random holidays,
 * random starts over two years and random targets.
 */
class BusinessHoursPropertiesTest {

    private static final Instant FIRST = Instant.parse("2026-01-01T00:00:00Z");
    private static final long TWO_YEARS_MINUTES = 2 * 366 * 24 * 60;

    /** As time passes, a due time never goes back: a later start is never due earlier. */
    @Property(tries = 300)
    void dueTimesNeverGoBackAsTimePasses(@ForAll("calendars") BusinessHours hours, @ForAll("starts") Instant start,
            @ForAll("laterBy") Duration later, @ForAll("targets") Duration target) {
        assertThat(hours.plus(start.plus(later), target)).isAfterOrEqualTo(hours.plus(start, target));
    }

    /** Adding two durations is adding them one after the other. */
    @Property(tries = 300)
    void addingTwoDurationsIsAddingThemOneAfterTheOther(@ForAll("calendars") BusinessHours hours,
            @ForAll("starts") Instant start, @ForAll("targets") Duration first, @ForAll("targets") Duration second) {
        assertThat(hours.plus(hours.plus(start, first), second)).isEqualTo(hours.plus(start, first.plus(second)));
    }

    /** The open time from a start to its due time is the target, and a due time is never before its start. */
    @Property(tries = 300)
    void theOpenTimeToTheDueTimeIsTheTarget(@ForAll("calendars") BusinessHours hours, @ForAll("starts") Instant start,
            @ForAll("targets") Duration target) {
        Instant due = hours.plus(start, target);
        assertThat(due).isAfterOrEqualTo(start);
        assertThat(hours.between(start, due)).isEqualTo(target);
    }

    @Provide
    Arbitrary<Instant> starts() {
        return Arbitraries.longs().between(0, TWO_YEARS_MINUTES).map(minutes -> FIRST.plus(Duration.ofMinutes(minutes)));
    }

    @Provide
    Arbitrary<Duration> laterBy() {
        return Arbitraries.longs().between(0, 14 * 24 * 60).map(Duration::ofMinutes);
    }

    @Provide
    Arbitrary<Duration> targets() {
        return Arbitraries.longs().between(0, 60 * 60).map(Duration::ofMinutes);
    }

    @Provide
    Arbitrary<BusinessHours> calendars() {
        Arbitrary<String> zones = Arbitraries.of("Europe/Madrid", "America/New_York", "Australia/Lord_Howe",
                "Asia/Kolkata", "UTC");
        Arbitrary<List<BusinessHours.Period>> weeks = Arbitraries.integers().between(1, 5).flatMap(perDay ->
                Arbitraries.integers().between(0, 127).map(mask -> week(perDay, mask)));
        Arbitrary<Set<LocalDate>> holidays = Arbitraries.longs().between(0, 2 * 366).set().ofMaxSize(20)
                .map(days -> {
                    Set<LocalDate> dates = new HashSet<>();
                    days.forEach(day -> dates.add(LocalDate.of(2026, 1, 1).plusDays(day)));
                    return dates;
                });
        return Combinators.combine(zones, weeks, Arbitraries.integers().between(0, 2), holidays)
                .as((zone, week, shape, days) -> BusinessHours.of(zone,
                        shape == 0 ? wholeDays(week) : shape == 1 ? week : withNights(week), days));
    }

    /**
     * {@code perDay} periods on each day in {@code mask} (bit 0: Monday), cut from the day so that none
     * overlaps: the first opens at 02:00 at the earliest, the last closes by 21:00.
     */
    private static List<BusinessHours.Period> week(int perDay, int mask) {
        List<BusinessHours.Period> periods = new ArrayList<>();
        int slot = 24 * 60 / (perDay + 1);
        for (DayOfWeek day : DayOfWeek.values()) {
            if ((mask & (1 << (day.getValue() - 1))) == 0) {
                continue;
            }
            for (int i = 0; i < perDay; i++) {
                int open = slot * (i + 1) - slot / 2;
                int close = open + slot / 2 + (i % 2 == 0 ? 7 : 53);
                periods.add(new BusinessHours.Period(day, minute(open), minute(close)));
            }
        }
        if (periods.isEmpty()) {
            periods.add(new BusinessHours.Period(DayOfWeek.WEDNESDAY, LocalTime.of(10, 0), LocalTime.of(12, 0)));
        }
        return periods;
    }

    /** The same, and a night on each of those days, 22:30 to 01:00 the next day. */
    private static List<BusinessHours.Period> withNights(List<BusinessHours.Period> week) {
        List<BusinessHours.Period> periods = new ArrayList<>(week);
        week.stream().map(BusinessHours.Period::day).distinct().forEach(day ->
                periods.add(new BusinessHours.Period(day, LocalTime.of(22, 30), LocalTime.of(1, 0))));
        return periods;
    }

    /** The same days, open all day. */
    private static List<BusinessHours.Period> wholeDays(List<BusinessHours.Period> week) {
        return week.stream().map(BusinessHours.Period::day).distinct()
                .map(day -> new BusinessHours.Period(day, LocalTime.MIDNIGHT, LocalTime.MIDNIGHT)).toList();
    }

    private static LocalTime minute(int minuteOfDay) {
        return LocalTime.of((minuteOfDay / 60) % 24, minuteOfDay % 60);
    }
}
