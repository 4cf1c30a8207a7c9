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

package dev.dispatch.registry;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import dev.dispatch.ServiceInfo;
import dev.dispatch.ServiceRef;
import dev.dispatch.ServiceState;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reading the entries of the services map: a bad entry is skipped and reported once per
 * key, and an entry whose key is not a string at most once a minute.
 *
 * @author Dispatch team
 */
class EntryReportsTests {

	private static final ServiceInfo INFO = new ServiceInfo(new ServiceRef("type", "id-1", "node-1"),
			ServiceState.ONLINE, Map.of());

	private final List<String> warnings = new ArrayList<>();

	private final AtomicLong clock = new AtomicLong(1_000);

	private final EntryReports reports = new EntryReports(this.warnings::add, this.clock::get);

	@Test
	void goodEntryIsReadWithoutReport() {
		assertThat(this.reports.parse("id-1", RegistryEntry.encode(INFO))).isEqualTo(INFO);
		assertThat(this.warnings).isEmpty();
	}

	@Test
	void badEntryIsSkippedAndReportedOncePerKey() {
		byte[] garbage = "garbage".getBytes(StandardCharsets.UTF_8);
		assertThat(this.reports.parse("bad", garbage)).isNull();
		assertThat(this.reports.parse("bad", garbage)).isNull();
		assertThat(this.reports.parse("bad", null)).isNull();
		assertThat(this.warnings).singleElement().asString().startsWith("Ignored registry entry 'bad': ");
	}

	@Test
	void valueThatIsNotAByteArrayIsReported() {
		assertThat(this.reports.parse("id-1", null)).isNull();
		assertThat(this.warnings).containsExactly("Ignored registry entry 'id-1': its value is not a byte array");
	}

	@Test
	void entryUnderAnotherServicesIdIsReported() {
		assertThat(this.reports.parse("id-2", RegistryEntry.encode(INFO))).isNull();
		assertThat(this.warnings).containsExactly("Ignored registry entry 'id-2': it names another service id");
	}

	@Test
	void keyIsReportedAgainOnceItsEntryWasRemoved() {
		this.reports.parse("id-2", null);
		this.reports.forget("id-2");
		this.reports.parse("id-2", null);
		assertThat(this.warnings).hasSize(2);
	}

	@Test
	void keyIsReportedAgainOnceItsEntryWasGood() {
		this.reports.parse("id-1", null);
		this.reports.parse("id-1", RegistryEntry.encode(INFO));
		this.reports.parse("id-1", null);
		assertThat(this.warnings).hasSize(2);
	}

	@Test
	void longKeyIsShortenedInTheReport() {
		String key = "k".repeat(RegistryEntry.MAX_ID_LENGTH + 10);
		this.reports.parse(key, null);
		assertThat(this.warnings).singleElement()
			.asString()
			.startsWith("Ignored registry entry '" + "k".repeat(RegistryEntry.MAX_ID_LENGTH) + "...': ");
	}

	@Test
	void reportedKeysAreBounded() {
		for (int i = 0; i < EntryReports.MAX_REPORTED_ENTRIES + 10; i++) {
			this.reports.parse("bad-" + i, null);
		}
		assertThat(this.warnings).hasSize(EntryReports.MAX_REPORTED_ENTRIES);
	}

	@Test
	void keyThatIsNotAStringIsReportedAtMostOnceAMinute() {
		assertThat(this.reports.parse(null, RegistryEntry.encode(INFO))).isNull();
		assertThat(this.reports.parse(null, null)).isNull();
		assertThat(this.warnings).singleElement()
			.asString()
			.startsWith("Ignored a registry entry whose key is not a string");
		this.clock.addAndGet(EntryReports.UNNAMED_REPORT_NANOS - 1);
		this.reports.parse(null, null);
		assertThat(this.warnings).hasSize(1);
		this.clock.addAndGet(1);
		this.reports.parse(null, null);
		assertThat(this.warnings).hasSize(2);
	}

}
