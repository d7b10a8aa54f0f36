# A small two-stage image: build with the Maven wrapper, run on a JRE.
FROM eclipse-temurin:21-jdk AS build
WORKDIR /src
COPY .mvn .mvn
COPY mvnw pom.xml ./
RUN ./mvnw -B -q dependency:go-offline
COPY src src
# the tests and the partner client generated for them are not part of the image
RUN ./mvnw -B -q package -Dmaven.test.skip=true -Dcodegen.skip=true

FROM eclipse-temurin:21-jre
WORKDIR /app
RUN useradd --system inbox
COPY --from=build /src/target/helpdesk-inbox-*.jar app.jar
USER inbox
EXPOSE 8080
ENTRYPOINT ["java", "-jar", "/app/app.jar"]
