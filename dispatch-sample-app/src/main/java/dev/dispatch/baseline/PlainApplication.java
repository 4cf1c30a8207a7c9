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

package dev.dispatch.baseline;

import java.util.Map;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A plain Spring Boot application with the sample's starters and classpath but without
 * Dispatch: the baseline of {@code scripts/startup-comparison.sh}. It lives in the
 * sample's jar, outside the sample's packages, and runs with
 * {@code java -Dloader.main=dev.dispatch.baseline.PlainApplication -cp <sample jar>
 * org.springframework.boot.loader.launch.PropertiesLauncher}.
 *
 * @author Dispatch team
 */
@SpringBootApplication
@RestController
public class PlainApplication {

	@GetMapping("/hello")
	String hello() {
		return "hello";
	}

	public static void main(String[] args) {
		SpringApplication application = new SpringApplication(PlainApplication.class);
		application.setDefaultProperties(Map.of("dispatch.enabled", "false", "dispatch.discovery.enabled", "false",
				"spring.application.name", "plain"));
		application.run(args);
	}

}
