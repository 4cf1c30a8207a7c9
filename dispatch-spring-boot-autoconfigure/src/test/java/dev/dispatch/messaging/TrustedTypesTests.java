/*
 * Copyright 2026 the original author or authors.
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *      https://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */

package dev.dispatch.messaging;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.util.LinkedMultiValueMap;

import dev.dispatch.messaging.trusted.Point;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link TrustedTypes}.
 *
 * @author Dispatch team
 */
class TrustedTypesTests {

	private final TrustedTypes trustedTypes = new TrustedTypes();

	@Test
	void jdkValueTypesAndCollectionInterfacesAreTrusted() {
		assertThat(List.of("java.lang.String", "java.lang.Integer", "java.math.BigDecimal", "java.util.UUID",
				"java.util.List", "java.util.Set", "java.util.Map", "[I", "[[Ljava.lang.String;"))
			.allMatch(this.trustedTypes::isTrusted);
	}

	@Test
	void untrustedClassesAndArraysOfThemAreRefused() {
		assertThat(List.of("evil.EvilCommand", "[Levil.EvilCommand;", "[[Levil.EvilCommand;", "java.net.URL",
				"java.lang.ProcessBuilder", "java.io.File", "java.util.HashMap", "java.lang.Object",
				"[Ljava.lang.Object;", "[X", "Ljava.lang.String;"))
			.noneMatch(this.trustedTypes::isTrusted);
	}

	@Test
	void javaTimeTrustsOnlyItsValueTypes() {
		assertThat(List.of("java.time.Instant", "java.time.Duration", "java.time.LocalDate", "java.time.LocalTime",
				"java.time.LocalDateTime", "java.time.OffsetDateTime", "java.time.OffsetTime",
				"java.time.ZonedDateTime", "java.time.Period", "java.time.Year", "java.time.YearMonth",
				"java.time.MonthDay", "java.time.ZoneOffset", "java.time.DayOfWeek", "java.time.Month",
				"java.time.ZoneId", "java.time.ZoneRegion", "[Ljava.time.Instant;"))
			.allMatch(this.trustedTypes::isTrusted);
		assertThat(List.of("java.time.Clock", "java.time.Clock$SystemClock", "java.time.format.DateTimeFormatter",
				"java.time.zone.ZoneRules", "java.time.chrono.JapaneseDate", "java.time.temporal.ValueRange",
				"java.time.Ser"))
			.noneMatch(this.trustedTypes::isTrusted);
	}

	@Test
	void zoneIdSentByAnotherNodeIsRebuilt() {
		MessageCodec codec = MessageCodec.create(this.trustedTypes, getClass().getClassLoader());
		ZoneId zone = ZoneId.of("Europe/Paris");
		String typeName = MessageCodec.typeName(zone);
		assertThat(codec.decode(typeName, codec.encode(zone), "node-1")).isEqualTo(zone);
		assertThat(codec.decode("java.time.Instant", "\"2026-01-02T03:04:05Z\"".getBytes(StandardCharsets.UTF_8),
				"node-1"))
			.isEqualTo(Instant.parse("2026-01-02T03:04:05Z"));
	}

	@Test
	void handlerParameterTypeTrustsItsPackageButNotItsSubPackages() {
		this.trustedTypes.trustPackagesOf(List.of(LinkedMultiValueMap.class, Point[].class));
		assertThat(this.trustedTypes.isTrusted("org.springframework.util.LinkedMultiValueMap")).isTrue();
		assertThat(this.trustedTypes.isTrusted("org.springframework.util.MultiValueMapAdapter")).isTrue();
		assertThat(this.trustedTypes.isTrusted(Point.class.getName())).isTrue();
		assertThat(this.trustedTypes.isTrusted("org.springframework.util.xml.StaxUtils")).isFalse();
		assertThat(this.trustedTypes.isTrusted("org.springframework.util.function.ThrowingFunction")).isFalse();
		assertThat(this.trustedTypes.isTrusted("org.springframework.utility.Gadget")).isFalse();
		assertThat(this.trustedTypes.isTrusted("dev.dispatch.messaging.trusted.deeper.Gadget")).isFalse();
	}

	@Test
	void handlerParameterTypeOfTheJdkAddsNothing() {
		this.trustedTypes.trustPackagesOf(List.of(Instant.class, java.io.File.class, int.class));
		assertThat(this.trustedTypes.isTrusted("java.io.File")).isFalse();
		assertThat(this.trustedTypes.isTrusted("java.time.Clock")).isFalse();
	}

	@Test
	void configuredPackageTrustsItsSubPackages() {
		this.trustedTypes.trustPackages(List.of(" com.example.orders ", "com.example.billing."));
		assertThat(this.trustedTypes.isTrusted("com.example.orders.PlaceOrder")).isTrue();
		assertThat(this.trustedTypes.isTrusted("com.example.orders.model.Item")).isTrue();
		assertThat(this.trustedTypes.isTrusted("com.example.billing.Invoice")).isTrue();
		assertThat(this.trustedTypes.isTrusted("com.example.ordersextra.Gadget")).isFalse();
		assertThat(this.trustedTypes.isTrusted("com.example.Gadget")).isFalse();
	}

	@Test
	void starTrustsEverything() {
		this.trustedTypes.trustPackages(List.of("*"));
		assertThat(this.trustedTypes.isTrusted("java.net.URL")).isTrue();
		assertThat(this.trustedTypes.getPackages()).containsExactly("*");
	}

	@Test
	void packagesListsPrefixesAndExactPackages() {
		this.trustedTypes.trustPackages(List.of("com.example"));
		this.trustedTypes.trustPackagesOf(List.of(LinkedMultiValueMap.class));
		assertThat(this.trustedTypes.getPackages()).containsExactlyInAnyOrder("com.example.*",
				"org.springframework.util");
	}

}
