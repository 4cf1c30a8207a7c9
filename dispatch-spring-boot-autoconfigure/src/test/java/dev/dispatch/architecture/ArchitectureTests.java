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

package dev.dispatch.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The shape of the code: packages whose imports flow one way, and a ring that stands on
 * its own.
 *
 * @author Dispatch team
 */
class ArchitectureTests {

	private static final JavaClasses classes = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("dev.dispatch");

	@Test
	void packagesHaveNoCycles() {
		slices().matching("dev.dispatch.(**)").should().beFreeOfCycles().check(classes);
	}

	@Test
	void theRingDependsOnNeitherSpringNorHazelcastNorTheRestOfDispatch() {
		noClasses().that()
			.resideInAPackage("dev.dispatch.ring..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("org.springframework..", "com.hazelcast..", "io.micrometer..", "dev.dispatch")
			.check(classes);
	}

	@Test
	void theReportingPartsReadTheClusterOnlyThroughItsReadOnlyState() {
		noClasses().that()
			.resideInAnyPackage("dev.dispatch.actuate..", "dev.dispatch.health..", "dev.dispatch.discovery..",
					"dev.dispatch.metrics..")
			.should()
			.dependOnClassesThat()
			.haveSimpleName("ClusterRegistry")
			.check(classes);
	}

}
