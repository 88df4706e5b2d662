package dev.gathering;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class GatheringApplication {

    public static void main(String[] args) {
        var context = SpringApplication.run(GatheringApplication.class, args);
        if (context.getEnvironment().getProperty("gathering.training-run", Boolean.class, false)) {
            // ./gathering serve records the classes start-up loads (JDK AOT cache) with one run that stops once ready
            System.exit(SpringApplication.exit(context));
        }
    }
}
