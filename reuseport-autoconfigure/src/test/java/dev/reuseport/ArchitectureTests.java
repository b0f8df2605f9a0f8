/*
 * Copyright 2026-present the original author or authors.
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

package dev.reuseport;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClass.Predicates;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.lang.syntax.ArchRuleDefinition;
import com.tngtech.archunit.library.dependencies.SlicesRuleDefinition;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalyzer;

/**
 * Architecture rules of the starter's main code, checked on its compiled classes.
 *
 * @author reuseport team
 */
class ArchitectureTests {

	private static final JavaClasses classes = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("dev.reuseport");

	private static final String[] INTERNAL = { "dev.reuseport.server.supervision..", "dev.reuseport.server.linux..",
			"dev.reuseport.server.connection.." };

	@Test
	void packagesAreFreeOfCycles() {
		SlicesRuleDefinition.slices().matching("dev.reuseport.(**)").should().beFreeOfCycles().check(classes);
	}

	@Test
	void onlyTheServerPackagesAndWhatMonitoringReadsUseTheInternalServerPackages() {
		DescribedPredicate<JavaClass> readByMonitoring = Predicates.belongToAnyOf(
				dev.reuseport.server.supervision.WorkerGroup.class,
				dev.reuseport.server.supervision.WorkerGroupSettings.class,
				dev.reuseport.server.supervision.WorkerGroup.WorkerRestart.class,
				dev.reuseport.server.supervision.ReusePortWorker.class,
				dev.reuseport.server.supervision.WorkerState.class,
				dev.reuseport.server.supervision.WorkerChangeInProgressException.class,
				dev.reuseport.server.supervision.ScalingPolicy.class,
				dev.reuseport.server.supervision.WorkerThreads.class,
				dev.reuseport.server.connection.WorkerStatistics.class,
				dev.reuseport.server.connection.ServingWorker.class, dev.reuseport.server.linux.KernelSettings.class,
				dev.reuseport.server.linux.PortListeners.class, dev.reuseport.server.linux.ReusePortTransport.class);
		ArchRuleDefinition.noClasses()
			.that()
			.resideOutsideOfPackage("dev.reuseport.server..")
			.should()
			.dependOnClassesThat(Predicates.resideInAnyPackage(INTERNAL).and(DescribedPredicate.not(readByMonitoring)))
			.check(classes);
	}

	@Test
	void autoConfigurationsAreFinalWithoutPublicMembers() {
		ArchRuleDefinition.classes()
			.that()
			.areAnnotatedWith(AutoConfiguration.class)
			.should()
			.haveModifier(JavaModifier.FINAL)
			.check(classes);
		ArchRuleDefinition.noMethods()
			.that()
			.areDeclaredInClassesThat()
			.areAnnotatedWith(AutoConfiguration.class)
			.should()
			.bePublic()
			.check(classes);
		ArchRuleDefinition.noFields()
			.that()
			.areDeclaredInClassesThat()
			.areAnnotatedWith(AutoConfiguration.class)
			.should()
			.bePublic()
			.check(classes);
	}

	@Test
	void failureAnalyzersSitNextToTheirExceptions() {
		ArchRuleDefinition.classes()
			.that()
			.implement(FailureAnalyzer.class)
			.should(new ArchCondition<>("sit in the package of the exception they analyze") {

				@Override
				public void check(JavaClass analyzer, ConditionEvents events) {
					String exception = analyzer.getName().replace("FailureAnalyzer", "Exception");
					boolean found = classes.contain(exception);
					events.add(new SimpleConditionEvent(analyzer, found,
							analyzer.getName() + (found ? " sits next to " : " has no ") + exception));
				}

			})
			.check(classes);
	}

}
