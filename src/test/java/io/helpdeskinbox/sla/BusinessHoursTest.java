package io.helpdeskinbox.sla;

import static java.time.DayOfWeek.FRIDAY;
import static java.time.DayOfWeek.MONDAY;
import static java.time.DayOfWeek.SATURDAY;
import static java.time.DayOfWeek.SUNDAY;
import static java.time.DayOfWeek.THURSDAY;
import static java.time.DayOfWeek.TUESDAY;
import static java.time.DayOfWeek.WEDNESDAY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * Business-time arithmetic, table by table: weekdays and weekends, holidays, periods past midnight,
 * and the DST changes of Europe/Madrid (2026-03-29 02:00 → 03:00, 2026-10-25 03:00 → 02:00) and
 * America/New_York (2026-03-08 02:00 → 03:00, 2026-11-01 02:00 → 01:00). Times are local to the
 * calendar's zone; each row says what a person at that helpdesk would answer.
 */
class BusinessHoursTest {

    private static final Set<DayOfWeek> WEEKDAYS = EnumSet.range(MONDAY, FRIDAY);

    private static List<BusinessHours.Period> on(Set<DayOfWeek> days, String open, String close) {
        List<BusinessHours.Period> periods = new ArrayList<>();
        for (DayOfWeek day : days) {
            periods.add(new BusinessHours.Period(day, LocalTime.parse(open), LocalTime.parse(close)));
        }
        return periods;
    }

    private static final BusinessHours MADRID_OFFICE = BusinessHours.of("Europe/Madrid",
            on(WEEKDAYS, "09:00", "17:30"), Set.of(LocalDate.parse("2026-12-25"), LocalDate.parse("2027-01-01")));
    private static final BusinessHours MADRID_ALWAYS = BusinessHours.of("Europe/Madrid",
            on(EnumSet.allOf(DayOfWeek.class), "00:00", "00:00"), Set.of());
    private static final BusinessHours NEW_YORK_ALWAYS = BusinessHours.of("America/New_York",
            on(EnumSet.allOf(DayOfWeek.class), "00:00", "00:00"), Set.of());
    /** A night desk: Friday and Saturday 22:00 to 02:00, and Sunday 20:00 to 04:00 (into Monday). */
    private static final BusinessHours NEW_YORK_NIGHTS = BusinessHours.of("America/New_York", List.of(
            new BusinessHours.Period(FRIDAY, LocalTime.of(22, 0), LocalTime.of(2, 0)),
            new BusinessHours.Period(SATURDAY, LocalTime.of(22, 0), LocalTime.of(2, 0)),
            new BusinessHours.Period(SUNDAY, LocalTime.of(20, 0), LocalTime.of(4, 0))),
            Set.of(LocalDate.parse("2026-12-26")));
    /** Two periods a day with a lunch break. */
    private static final BusinessHours MADRID_SPLIT = BusinessHours.of("Europe/Madrid", Stream.concat(
            on(WEEKDAYS, "09:00", "14:00").stream(), on(WEEKDAYS, "16:00", "19:00").stream()).toList(), Set.of());

    static Stream<Arguments> dueTimes() {
        return Stream.of(
                // name, calendar, start (local), business time, due (local)
                Arguments.of("within the day", MADRID_OFFICE, "2026-12-07T10:00", "PT2H", "2026-12-07T12:00"),
                Arguments.of("before opening: counts from 09:00", MADRID_OFFICE, "2026-12-07T07:00", "PT1H", "2026-12-07T10:00"),
                Arguments.of("over the evening", MADRID_OFFICE, "2026-12-07T17:00", "PT1H", "2026-12-08T09:30"),
                Arguments.of("over the weekend", MADRID_OFFICE, "2026-12-04T16:30", "PT2H", "2026-12-07T10:00"),
                Arguments.of("started on a Saturday", MADRID_OFFICE, "2026-12-05T11:00", "PT30M", "2026-12-07T09:30"),
                Arguments.of("ending exactly at closing", MADRID_OFFICE, "2026-12-07T16:30", "PT1H", "2026-12-07T17:30"),
                Arguments.of("Christmas Day is closed", MADRID_OFFICE, "2026-12-24T17:00", "PT1H", "2026-12-28T09:30"),
                Arguments.of("a whole week of office hours", MADRID_OFFICE, "2026-12-07T09:00", "PT42H30M", "2026-12-11T17:30"),
                Arguments.of("over New Year's Day", MADRID_OFFICE, "2026-12-31T17:00", "PT1H", "2027-01-04T09:30"),
                Arguments.of("office hours across spring forward", MADRID_OFFICE, "2026-03-27T17:00", "PT1H", "2026-03-30T09:30"),
                Arguments.of("office hours across fall back", MADRID_OFFICE, "2026-10-23T17:00", "PT1H", "2026-10-26T09:30"),
                Arguments.of("the lunch break is closed", MADRID_SPLIT, "2026-12-07T13:00", "PT2H", "2026-12-07T17:00"),
                Arguments.of("24 h on Madrid's 23-hour day", MADRID_ALWAYS, "2026-03-29T00:00", "PT24H", "2026-03-30T01:00"),
                Arguments.of("24 h on Madrid's 25-hour day", MADRID_ALWAYS, "2026-10-25T00:00", "PT24H", "2026-10-25T23:00"),
                Arguments.of("through Madrid's skipped hour", MADRID_ALWAYS, "2026-03-29T01:30", "PT1H", "2026-03-29T03:30"),
                Arguments.of("24 h on New York's 23-hour day", NEW_YORK_ALWAYS, "2026-03-08T00:00", "PT24H", "2026-03-09T01:00"),
                Arguments.of("24 h on New York's 25-hour day", NEW_YORK_ALWAYS, "2026-11-01T00:00", "PT24H", "2026-11-01T23:00"),
                Arguments.of("a night period past midnight", NEW_YORK_NIGHTS, "2026-12-04T23:00", "PT2H", "2026-12-05T01:00"),
                Arguments.of("started after midnight inside Friday's night", NEW_YORK_NIGHTS, "2026-12-05T01:00", "PT30M", "2026-12-05T01:30"),
                Arguments.of("Sunday night into Monday", NEW_YORK_NIGHTS, "2026-12-06T19:00", "PT8H", "2026-12-07T04:00"),
                Arguments.of("a holiday closes the night that starts on it", NEW_YORK_NIGHTS, "2026-12-26T00:30", "PT2H", "2026-12-27T20:30"),
                Arguments.of("New York's night of fall back is 5 hours", NEW_YORK_NIGHTS, "2026-10-31T22:00", "PT5H", "2026-11-01T02:00"),
                Arguments.of("zero is the start itself", MADRID_OFFICE, "2026-12-05T11:00", "PT0S", "2026-12-05T11:00"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dueTimes")
    void theDueTimeIsWhenThatMuchOpenTimeHasPassed(String name, BusinessHours hours, String start, String businessTime,
            String due) {
        Instant from = local(hours, start);
        Instant dueAt = hours.plus(from, Duration.parse(businessTime));
        assertThat(dueAt.atZone(hours.zone()).toLocalDateTime()).as(name).isEqualTo(LocalDateTime.parse(due));
        assertThat(hours.between(from, dueAt)).as("%s: the open time between start and due", name)
                .isEqualTo(Duration.parse(businessTime));
    }

    static Stream<Arguments> openOrNot() {
        return Stream.of(
                Arguments.of(MADRID_OFFICE, "2026-12-07T09:00", true),
                Arguments.of(MADRID_OFFICE, "2026-12-07T17:30", false),
                Arguments.of(MADRID_OFFICE, "2026-12-05T12:00", false),
                Arguments.of(MADRID_OFFICE, "2026-12-25T12:00", false),
                Arguments.of(NEW_YORK_NIGHTS, "2026-12-05T01:59", true),
                Arguments.of(NEW_YORK_NIGHTS, "2026-12-05T02:00", false),
                Arguments.of(NEW_YORK_NIGHTS, "2026-12-07T03:00", true),
                Arguments.of(MADRID_SPLIT, "2026-12-07T15:00", false));
    }

    @ParameterizedTest(name = "{1} open: {2}")
    @MethodSource("openOrNot")
    void itIsOpenWhenAPeriodHoldsTheInstant(BusinessHours hours, String at, boolean open) {
        assertThat(hours.isOpenAt(local(hours, at))).isEqualTo(open);
    }

    @Test
    void overlappingPeriodsAndUnknownZonesAreRefusedNamingTheField() {
        assertThatThrownBy(() -> BusinessHours.of("Europe/Atlantis", on(WEEKDAYS, "09:00", "17:00"), Set.of()))
                .isInstanceOfSatisfying(BusinessHours.InvalidHoursException.class,
                        e -> assertThat(e.field()).isEqualTo("timezone"));
        assertThatThrownBy(() -> BusinessHours.of("Europe/Madrid", List.of(
                new BusinessHours.Period(MONDAY, LocalTime.of(9, 0), LocalTime.of(13, 0)),
                new BusinessHours.Period(MONDAY, LocalTime.of(12, 0), LocalTime.of(18, 0))), Set.of()))
                .isInstanceOfSatisfying(BusinessHours.InvalidHoursException.class,
                        e -> assertThat(e.field()).isEqualTo("weekly"));
        // past midnight into the next day's morning period
        assertThatThrownBy(() -> BusinessHours.of("Europe/Madrid", List.of(
                new BusinessHours.Period(TUESDAY, LocalTime.of(22, 0), LocalTime.of(3, 0)),
                new BusinessHours.Period(WEDNESDAY, LocalTime.of(2, 0), LocalTime.of(6, 0))), Set.of()))
                .isInstanceOf(BusinessHours.InvalidHoursException.class);
        // Sunday night into Monday wraps the week
        assertThatThrownBy(() -> BusinessHours.of("Europe/Madrid", List.of(
                new BusinessHours.Period(SUNDAY, LocalTime.of(22, 0), LocalTime.of(3, 0)),
                new BusinessHours.Period(MONDAY, LocalTime.of(1, 0), LocalTime.of(6, 0))), Set.of()))
                .isInstanceOf(BusinessHours.InvalidHoursException.class);
        // adjacent is fine
        BusinessHours.of("Europe/Madrid", List.of(
                new BusinessHours.Period(THURSDAY, LocalTime.of(22, 0), LocalTime.of(3, 0)),
                new BusinessHours.Period(FRIDAY, LocalTime.of(3, 0), LocalTime.of(6, 0))), Set.of());
    }

    private static Instant local(BusinessHours hours, String localDateTime) {
        return LocalDateTime.parse(localDateTime).atZone(hours.zone()).toInstant();
    }
}
