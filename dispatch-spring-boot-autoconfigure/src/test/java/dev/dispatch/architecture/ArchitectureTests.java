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

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import org.junit.jupiter.api.Test;

import dev.dispatch.registry.ClusterRegistry;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The shape of the code: packages whose imports flow one way, down the layers that
 * {@code docs/design.md} draws, and a ring that stands on its own.
 *
 * @author Dispatch team
 */
class ArchitectureTests {

	private static final JavaClasses classes = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("dev.dispatch");

	@Test
	void packagesHaveNoCyclesTheRootPackageIncluded() {
		slices().assignedFrom(new TopLevelPackages()).should().beFreeOfCycles().check(classes);
	}

	@Test
	void subPackagesHaveNoCycles() {
		slices().matching("dev.dispatch.(**)").should().beFreeOfCycles().check(classes);
	}

	@Test
	void theRingDependsOnNeitherSpringNorHazelcastNorTheRestOfDispatch() {
		noClasses().that()
			.resideInAPackage("dev.dispatch.ring..")
			.should()
			.dependOnClassesThat(
					resideInAnyPackage("org.springframework..", "com.hazelcast..", "io.micrometer..", "dev.dispatch..")
						.and(resideOutsideOfPackage("dev.dispatch.ring..")))
			.check(classes);
	}

	@Test
	void theReportingPartsReadTheClusterOnlyThroughItsReadOnlyState() {
		noClasses().that()
			.resideInAnyPackage("dev.dispatch.actuate..", "dev.dispatch.health..", "dev.dispatch.discovery..",
					"dev.dispatch.metrics..")
			.should()
			.dependOnClassesThat()
			.areAssignableTo(ClusterRegistry.class)
			.check(classes);
	}

	@Test
	void eachLayerUsesOnlyTheLayersBelowIt() {
		layeredArchitecture().consideringOnlyDependenciesInLayers()
			.layer("Configuration")
			.definedBy("dev.dispatch.autoconfigure..")
			.layer("Integrations")
			.definedBy("dev.dispatch.actuate..", "dev.dispatch.health..", "dev.dispatch.discovery..",
					"dev.dispatch.loadbalancer..", "dev.dispatch.web..")
			.layer("Sending")
			.definedBy("dev.dispatch.template..", "dev.dispatch.routing..")
			.layer("Registry")
			.definedBy("dev.dispatch.registry..")
			.layer("State")
			.definedBy("dev.dispatch.handoff..")
			.layer("Transport")
			.definedBy("dev.dispatch.messaging..")
			.layer("Support")
			.definedBy("dev.dispatch.security..", "dev.dispatch.metrics..", "dev.dispatch.observation..",
					"dev.dispatch.annotation..")
			.layer("Ring")
			.definedBy("dev.dispatch.ring..")
			.layer("API")
			.definedBy("dev.dispatch")
			.whereLayer("Configuration")
			.mayNotBeAccessedByAnyLayer()
			.whereLayer("Integrations")
			.mayOnlyBeAccessedByLayers("Configuration")
			.whereLayer("Sending")
			.mayOnlyBeAccessedByLayers("Integrations", "Configuration")
			.whereLayer("Registry")
			.mayOnlyBeAccessedByLayers("Sending", "Integrations", "Configuration")
			.whereLayer("State")
			.mayOnlyBeAccessedByLayers("Registry", "Sending", "Integrations", "Configuration")
			.whereLayer("Transport")
			.mayOnlyBeAccessedByLayers("State", "Registry", "Sending", "Integrations", "Configuration")
			.whereLayer("Support")
			.mayOnlyBeAccessedByLayers("Transport", "State", "Registry", "Sending", "Integrations", "Configuration")
			.whereLayer("API")
			.mayOnlyBeAccessedByLayers("Support", "Transport", "State", "Registry", "Sending", "Integrations",
					"Configuration")
			.check(classes);
	}

	/**
	 * One slice per package right under {@code dev.dispatch}, and one for
	 * {@code dev.dispatch} itself, so that a cycle through the public API is found too.
	 */
	private static final class TopLevelPackages implements SliceAssignment {

		@Override
		public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
			String name = javaClass.getPackageName();
			if (name.equals("dev.dispatch")) {
				return SliceIdentifier.of("(api)");
			}
			if (name.startsWith("dev.dispatch.")) {
				String rest = name.substring("dev.dispatch.".length());
				int dot = rest.indexOf('.');
				return SliceIdentifier.of((dot < 0) ? rest : rest.substring(0, dot));
			}
			return SliceIdentifier.ignore();
		}

		@Override
		public String getDescription() {
			return "the packages right under dev.dispatch, and dev.dispatch itself";
		}

	}

}
