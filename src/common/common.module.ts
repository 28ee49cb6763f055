import { Global, Module, type DynamicModule } from '@nestjs/common';
import { Clock } from './clock';

@Global()
@Module({})
export class CommonModule {
  /** `clock` replaces the real time source (tests). */
  static forRoot(clock?: Clock): DynamicModule {
    return {
      module: CommonModule,
      providers: [clock ? { provide: Clock, useValue: clock } : Clock],
      exports: [Clock],
    };
  }
}
