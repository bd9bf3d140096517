import { Body, Controller, Get, Post } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { CategoryDto } from '@surge/contracts';
import { Auth } from '@surge/platform/auth';
import { CreateCategoryUseCase } from '../application/create-category/create-category.use-case.js';
import { ListCategoriesUseCase } from '../application/list-categories/list-categories.use-case.js';
import { CreateCategoryDto } from './dto/product-write.dto.js';
import { CategoryListResponse, CategoryResponse } from './dto/responses.dto.js';

@ApiTags('catalog')
@Controller()
export class CategoriesController {
  constructor(
    private readonly listCategories: ListCategoriesUseCase,
    private readonly createCategory: CreateCategoryUseCase,
  ) {}

  @Get('categories')
  @ApiOkResponse({ type: CategoryListResponse, description: 'Every category, by name' })
  async list(): Promise<{ items: CategoryDto[] }> {
    return { items: await this.listCategories.execute() };
  }

  @Post('admin/categories')
  @Auth('admin')
  @ApiCreatedResponse({ type: CategoryResponse })
  @ApiConflictResponse({ description: 'CATEGORY_TAKEN' })
  create(@Body() body: CreateCategoryDto): Promise<CategoryDto> {
    return this.createCategory.execute(body);
  }
}
